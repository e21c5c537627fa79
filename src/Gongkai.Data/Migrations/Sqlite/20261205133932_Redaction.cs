using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gongkai.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Redaction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "RedactedFromId",
                table: "CaseAttachments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RedactionMarks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AttachmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Page = table.Column<int>(type: "INTEGER", nullable: false),
                    X = table.Column<double>(type: "REAL", nullable: false),
                    Y = table.Column<double>(type: "REAL", nullable: false),
                    Width = table.Column<double>(type: "REAL", nullable: false),
                    Height = table.Column<double>(type: "REAL", nullable: false),
                    Ground = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProtectedText = table.Column<string>(type: "TEXT", nullable: true),
                    MaskedText = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Continues = table.Column<bool>(type: "INTEGER", nullable: false),
                    MarkedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    MarkedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ChangedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RedactionMarks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RedactionMarks_CaseAttachments_AttachmentId",
                        column: x => x.AttachmentId,
                        principalTable: "CaseAttachments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RedactionMarks_AttachmentId_Sequence",
                table: "RedactionMarks",
                columns: new[] { "AttachmentId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_RedactionMarks_CaseId",
                table: "RedactionMarks",
                column: "CaseId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RedactionMarks");

            migrationBuilder.DropColumn(
                name: "RedactedFromId",
                table: "CaseAttachments");
        }
    }
}
