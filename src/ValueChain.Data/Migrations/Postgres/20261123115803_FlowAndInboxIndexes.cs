using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ValueChain.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FlowAndInboxIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkItems_State_CurrentActivity",
                table: "WorkItems");

            migrationBuilder.CreateIndex(
                name: "IX_WorkItems_State_CurrentActivity_CurrentTeam_Id",
                table: "WorkItems",
                columns: new[] { "State", "CurrentActivity", "CurrentTeam", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkItems_ValueStreamKey_ClosedAt_CreatedAt",
                table: "WorkItems",
                columns: new[] { "ValueStreamKey", "ClosedAt", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkItems_ValueStreamKey_DeliveredAt_CreatedAt",
                table: "WorkItems",
                columns: new[] { "ValueStreamKey", "DeliveredAt", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_Waits",
                table: "Events",
                columns: new[] { "WorkItemId", "Sequence" },
                filter: "\"ToStatus\" = 'waiting' OR \"FromStatus\" = 'waiting'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkItems_State_CurrentActivity_CurrentTeam_Id",
                table: "WorkItems");

            migrationBuilder.DropIndex(
                name: "IX_WorkItems_ValueStreamKey_ClosedAt_CreatedAt",
                table: "WorkItems");

            migrationBuilder.DropIndex(
                name: "IX_WorkItems_ValueStreamKey_DeliveredAt_CreatedAt",
                table: "WorkItems");

            migrationBuilder.DropIndex(
                name: "IX_Events_Waits",
                table: "Events");

            migrationBuilder.CreateIndex(
                name: "IX_WorkItems_State_CurrentActivity",
                table: "WorkItems",
                columns: new[] { "State", "CurrentActivity" });
        }
    }
}
