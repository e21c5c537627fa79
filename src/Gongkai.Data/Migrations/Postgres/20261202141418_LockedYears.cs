using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gongkai.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LockedYears : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CorrectionLateReason",
                table: "Cases",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CorrectionPeriodWorkingDays",
                table: "Cases",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "WaitsUntil",
                table: "Cases",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IntegrityConfirmation",
                table: "AnnualReports",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CorrectionPeriodWorkingDays",
                table: "Agencies",
                type: "integer",
                nullable: false,
                defaultValue: 15);

            // Cases already waiting for a 补正 get the default period (条例 第三十条), so that 逾期未补正 waits for it to end.
            migrationBuilder.Sql("UPDATE \"Cases\" SET \"CorrectionPeriodWorkingDays\" = 15 WHERE \"CorrectionRequestedOn\" IS NOT NULL");

            migrationBuilder.CreateTable(
                name: "ReportCorrections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AgencyId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Edition = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportCorrections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportCorrections_Agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReportEditions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AgencyId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Edition = table.Column<int>(type: "integer", nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PublishedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Markdown = table.Column<string>(type: "text", nullable: false),
                    Html = table.Column<string>(type: "text", nullable: false),
                    CorrectionReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportEditions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportEditions_Agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReportCorrections_AgencyId_Year",
                table: "ReportCorrections",
                columns: new[] { "AgencyId", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportEditions_AgencyId_Year_Edition",
                table: "ReportEditions",
                columns: new[] { "AgencyId", "Year", "Edition" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReportCorrections");

            migrationBuilder.DropTable(
                name: "ReportEditions");

            migrationBuilder.DropColumn(
                name: "CorrectionLateReason",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "CorrectionPeriodWorkingDays",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "WaitsUntil",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "IntegrityConfirmation",
                table: "AnnualReports");

            migrationBuilder.DropColumn(
                name: "CorrectionPeriodWorkingDays",
                table: "Agencies");
        }
    }
}
