using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ValueChain.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PortfolioManagement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "Teams",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "Stakeholders",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "Services",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_WorkItems_ServiceKey",
                table: "WorkItems",
                column: "ServiceKey");

            migrationBuilder.CreateIndex(
                name: "IX_Services_OwnerTeamKey",
                table: "Services",
                column: "OwnerTeamKey");

            migrationBuilder.CreateIndex(
                name: "IX_Artifacts_CreatedAt",
                table: "Artifacts",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Artifacts_Kind_CreatedAt",
                table: "Artifacts",
                columns: new[] { "Kind", "CreatedAt" });

            migrationBuilder.AddForeignKey(
                name: "FK_Services_Teams_OwnerTeamKey",
                table: "Services",
                column: "OwnerTeamKey",
                principalTable: "Teams",
                principalColumn: "Key",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_WorkItems_Services_ServiceKey",
                table: "WorkItems",
                column: "ServiceKey",
                principalTable: "Services",
                principalColumn: "Key",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Services_Teams_OwnerTeamKey",
                table: "Services");

            migrationBuilder.DropForeignKey(
                name: "FK_WorkItems_Services_ServiceKey",
                table: "WorkItems");

            migrationBuilder.DropIndex(
                name: "IX_WorkItems_ServiceKey",
                table: "WorkItems");

            migrationBuilder.DropIndex(
                name: "IX_Services_OwnerTeamKey",
                table: "Services");

            migrationBuilder.DropIndex(
                name: "IX_Artifacts_CreatedAt",
                table: "Artifacts");

            migrationBuilder.DropIndex(
                name: "IX_Artifacts_Kind_CreatedAt",
                table: "Artifacts");

            migrationBuilder.DropColumn(
                name: "Revision",
                table: "Teams");

            migrationBuilder.DropColumn(
                name: "Revision",
                table: "Stakeholders");

            migrationBuilder.DropColumn(
                name: "Revision",
                table: "Services");
        }
    }
}
