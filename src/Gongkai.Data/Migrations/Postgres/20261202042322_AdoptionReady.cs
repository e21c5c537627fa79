using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gongkai.Data.Migrations.Postgres
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
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SearchRowId",
                table: "Cases",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "SearchTerms",
                table: "Cases",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "ForApplicant",
                table: "CaseAttachments",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "Disabled",
                table: "AspNetUsers",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "MustChangePassword",
                table: "AspNetUsers",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "OfficeAddress",
                table: "Agencies",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OfficeEmail",
                table: "Agencies",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OfficeFax",
                table: "Agencies",
                type: "character varying(60)",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OfficeHours",
                table: "Agencies",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OfficePhone",
                table: "Agencies",
                type: "character varying(60)",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OfficePostcode",
                table: "Agencies",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true);

            // Cases saved before search existed get their key before the unique index is made (Gongkai.Data.Cases.ExistingCaseSearchKeys);
            // their search terms are filled at start-up (CaseSearchIndex.BackfillAsync).
            migrationBuilder.Sql(Gongkai.Data.Cases.ExistingCaseSearchKeys.Postgres);

            migrationBuilder.CreateIndex(
                name: "IX_Cases_SearchRowId",
                table: "Cases",
                column: "SearchRowId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Cases_SearchTerms_fts",
                table: "Cases",
                column: "SearchTerms")
                .Annotation("Npgsql:IndexMethod", "GIN")
                .Annotation("Npgsql:TsVectorConfig", "simple");

            migrationBuilder.Sql(Gongkai.Data.Cases.Table3Index.Create);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Gongkai.Data.Cases.Table3Index.Drop);

            migrationBuilder.DropIndex(
                name: "IX_Cases_SearchRowId",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_SearchTerms_fts",
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
