using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gongkai.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ChannelsAndCombinedReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DisclosureChannels",
                table: "Agencies",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: false,
                defaultValue: "[\"门户网站\",\"政务微博\",\"政务微信\",\"政务抖音/头条\",\"其他\"]");

            migrationBuilder.AddColumn<string>(
                name: "ExternalDepartments",
                table: "Agencies",
                type: "character varying(8000)",
                maxLength: 8000,
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<int>(
                name: "GovernmentId",
                table: "Agencies",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DepartmentReports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    GovernmentId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Department = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    UploadedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UploadedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DepartmentReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DepartmentReports_Agencies_GovernmentId",
                        column: x => x.GovernmentId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProactiveEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AgencyId = table.Column<int>(type: "integer", nullable: false),
                    Channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    FromOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ToOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProactiveEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProactiveEntries_Agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_AgencyId_FeePaidOn",
                table: "Cases",
                columns: new[] { "AgencyId", "FeePaidOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Agencies_GovernmentId",
                table: "Agencies",
                column: "GovernmentId");

            migrationBuilder.CreateIndex(
                name: "IX_DepartmentReports_GovernmentId_Year_Department",
                table: "DepartmentReports",
                columns: new[] { "GovernmentId", "Year", "Department" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProactiveEntries_AgencyId_FromOn",
                table: "ProactiveEntries",
                columns: new[] { "AgencyId", "FromOn" });

            migrationBuilder.AddForeignKey(
                name: "FK_Agencies_Agencies_GovernmentId",
                table: "Agencies",
                column: "GovernmentId",
                principalTable: "Agencies",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Agencies_Agencies_GovernmentId",
                table: "Agencies");

            migrationBuilder.DropTable(
                name: "DepartmentReports");

            migrationBuilder.DropTable(
                name: "ProactiveEntries");

            migrationBuilder.DropIndex(
                name: "IX_Cases_AgencyId_FeePaidOn",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Agencies_GovernmentId",
                table: "Agencies");

            migrationBuilder.DropColumn(
                name: "DisclosureChannels",
                table: "Agencies");

            migrationBuilder.DropColumn(
                name: "ExternalDepartments",
                table: "Agencies");

            migrationBuilder.DropColumn(
                name: "GovernmentId",
                table: "Agencies");
        }
    }
}
