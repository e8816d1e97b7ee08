using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace ValueChain.Data.Migrations.Postgres
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
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "SearchVector",
                table: "WorkItems",
                type: "tsvector",
                nullable: true,
                computedColumnSql: "to_tsvector('simple', coalesce(\"Title\", '') || ' ' || coalesce(\"Description\", ''))",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkItems_Assignee_State",
                table: "WorkItems",
                columns: new[] { "Assignee", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkItems_Requester_State",
                table: "WorkItems",
                columns: new[] { "Requester", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkItems_SearchVector",
                table: "WorkItems",
                column: "SearchVector")
                .Annotation("Npgsql:IndexMethod", "GIN");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkItems_Assignee_State",
                table: "WorkItems");

            migrationBuilder.DropIndex(
                name: "IX_WorkItems_Requester_State",
                table: "WorkItems");

            migrationBuilder.DropIndex(
                name: "IX_WorkItems_SearchVector",
                table: "WorkItems");

            migrationBuilder.DropColumn(
                name: "SearchVector",
                table: "WorkItems");

            migrationBuilder.DropColumn(
                name: "Assignee",
                table: "WorkItems");
        }
    }
}
