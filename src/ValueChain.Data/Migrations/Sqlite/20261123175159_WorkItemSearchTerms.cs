using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ValueChain.Data.Migrations.Sqlite
{
    /// <summary>
    /// The words of the FTS5 index, as an fts5vocab table: a search word longer than the indexed prefixes is looked up
    /// there and matched as the whole words it starts, which reads far less of the index than a prefix query does. The
    /// table stores nothing of its own; it reads the index of WorkItemSearch when asked. (PostgreSQL needs nothing.)
    /// </summary>
    public partial class WorkItemSearchTerms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("CREATE VIRTUAL TABLE IF NOT EXISTS WorkItemSearchTerms USING fts5vocab(WorkItemSearch, row);");

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("DROP TABLE IF EXISTS WorkItemSearchTerms;");
    }
}
