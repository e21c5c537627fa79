using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gongkai.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AdoptionReady : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ImportedFrom",
                table: "Cases",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SearchRowId",
                table: "Cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "SearchTerms",
                table: "Cases",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "ForApplicant",
                table: "CaseAttachments",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "Disabled",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "MustChangePassword",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "OfficeAddress",
                table: "Agencies",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OfficeEmail",
                table: "Agencies",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OfficeFax",
                table: "Agencies",
                type: "TEXT",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OfficeHours",
                table: "Agencies",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OfficePhone",
                table: "Agencies",
                type: "TEXT",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OfficePostcode",
                table: "Agencies",
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            // Cases saved before search existed get their key before the unique index is made (Gongkai.Data.Cases.ExistingCaseSearchKeys);
            // their search terms are filled at start-up (CaseSearchIndex.BackfillAsync).
            migrationBuilder.Sql(Gongkai.Data.Cases.ExistingCaseSearchKeys.Sqlite);

            migrationBuilder.CreateIndex(
                name: "IX_Cases_SearchRowId",
                table: "Cases",
                column: "SearchRowId",
                unique: true);

            // Full-text search over the cases' search terms (Gongkai.Cases.Search.SearchTerms): an FTS5 index whose
            // rows are keyed by SearchRowId and kept in step with Cases by triggers, whatever writes the row.
            migrationBuilder.Sql(Gongkai.Data.Cases.SqliteCaseSearch.Create);

            migrationBuilder.Sql(Gongkai.Data.Cases.Table3Index.Create);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Gongkai.Data.Cases.Table3Index.Drop);

            migrationBuilder.Sql(Gongkai.Data.Cases.SqliteCaseSearch.Drop);

            migrationBuilder.DropIndex(
                name: "IX_Cases_SearchRowId",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ImportedFrom",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "SearchRowId",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "SearchTerms",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ForApplicant",
                table: "CaseAttachments");

            migrationBuilder.DropColumn(
                name: "Disabled",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "MustChangePassword",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "OfficeAddress",
                table: "Agencies");

            migrationBuilder.DropColumn(
                name: "OfficeEmail",
                table: "Agencies");

            migrationBuilder.DropColumn(
                name: "OfficeFax",
                table: "Agencies");

            migrationBuilder.DropColumn(
                name: "OfficeHours",
                table: "Agencies");

            migrationBuilder.DropColumn(
                name: "OfficePhone",
                table: "Agencies");

            migrationBuilder.DropColumn(
                name: "OfficePostcode",
                table: "Agencies");
        }
    }
}
