using Microsoft.EntityFrameworkCore.Migrations;
using ValueChain.Data.ValueStreams;

#nullable disable

namespace ValueChain.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WorkItemAssigneeAndSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Assignee",
                table: "WorkItems",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkItems_Assignee_State",
                table: "WorkItems",
                columns: new[] { "Assignee", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkItems_Requester_State",
                table: "WorkItems",
                columns: new[] { "Requester", "State" });

            // Full-text search (see WorkItemSearch): an FTS5 table over WorkItems' title and description, kept in
            // step by triggers. A later migration that rebuilds WorkItems (SQLite's way of altering a column)
            // drops these triggers and must create them again.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE WorkItemSearch USING fts5(
                    Title, Description, content='WorkItems', content_rowid='Id', tokenize='unicode61 remove_diacritics 2');
                """);
            foreach (var trigger in WorkItemSearch.SqliteTriggers)
            {
                migrationBuilder.Sql(trigger);
            }

            migrationBuilder.Sql("INSERT INTO WorkItemSearch(WorkItemSearch) VALUES ('rebuild');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS WorkItems_Search_Update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS WorkItems_Search_Delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS WorkItems_Search_Insert;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS WorkItemSearch;");

            migrationBuilder.DropIndex(
                name: "IX_WorkItems_Assignee_State",
                table: "WorkItems");

            migrationBuilder.DropIndex(
                name: "IX_WorkItems_Requester_State",
                table: "WorkItems");

            migrationBuilder.DropColumn(
                name: "Assignee",
                table: "WorkItems");
        }
    }
}
