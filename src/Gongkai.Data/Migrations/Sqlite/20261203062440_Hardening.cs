using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gongkai.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Hardening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "WindowStart",
                table: "LookupThrottles");

            migrationBuilder.AddColumn<long>(
                name: "WindowStartMs",
                table: "LookupThrottles",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "KeyId",
                table: "AuditEntries",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Mac",
                table: "AuditEntries",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PortalSubmissions",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProtectedCode = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    InputHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PortalSubmissions", x => x.Key);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PortalSubmissions");

            migrationBuilder.DropColumn(
                name: "WindowStartMs",
                table: "LookupThrottles");

            migrationBuilder.DropColumn(
                name: "KeyId",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "Mac",
                table: "AuditEntries");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "WindowStart",
                table: "LookupThrottles",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));
        }
    }
}
