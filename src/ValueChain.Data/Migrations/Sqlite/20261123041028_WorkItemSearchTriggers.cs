using Microsoft.EntityFrameworkCore.Migrations;
using ValueChain.Data.ValueStreams;

#nullable disable

namespace ValueChain.Data.Migrations.Sqlite
{
    /// <summary>
    /// The previous migration's foreign key made SQLite rebuild WorkItems, which runs after every other operation of
    /// that migration and drops the table's triggers: the full-text index gets them back here, and is rebuilt.
    /// </summary>
    public partial class WorkItemSearchTriggers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var trigger in WorkItemSearch.SqliteTriggers)
            {
                migrationBuilder.Sql(trigger);
            }

            migrationBuilder.Sql("INSERT INTO WorkItemSearch(WorkItemSearch) VALUES ('rebuild');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
