using Microsoft.EntityFrameworkCore.Migrations;
using ValueChain.Data.ValueStreams;

#nullable disable

namespace ValueChain.Data.Migrations.Sqlite
{
    /// <summary>
    /// Every search word is a prefix query ("print" finds "printer"). Without a prefix index FTS5 merges the entries
    /// of every term that starts with the word before it can return the first match; with prefixes of 2 to 4
    /// letters indexed, a short word reads one entry and the newest page stops after the page. An FTS5 table cannot
    /// be altered, so it is made again with the index and filled from WorkItems; its triggers go and come back with
    /// it. (PostgreSQL matches prefixes in its GIN index and needs nothing of this.)
    /// </summary>
    public partial class WorkItemSearchPrefixes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => Recreate(migrationBuilder, "prefix='2 3 4', ");

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => Recreate(migrationBuilder, "");

        private static void Recreate(MigrationBuilder migrationBuilder, string prefixes)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS WorkItems_Search_Update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS WorkItems_Search_Delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS WorkItems_Search_Insert;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS WorkItemSearch;");
            migrationBuilder.Sql($"""
                CREATE VIRTUAL TABLE WorkItemSearch USING fts5(
                    Title, Description, content='WorkItems', content_rowid='Id', {prefixes}tokenize='unicode61 remove_diacritics 2');
                """);
            foreach (var trigger in WorkItemSearch.SqliteTriggers)
            {
                migrationBuilder.Sql(trigger);
            }

            migrationBuilder.Sql("INSERT INTO WorkItemSearch(WorkItemSearch) VALUES ('rebuild');");
        }
    }
}
