using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gongkai.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RealYear : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AddressedAgencyId",
                table: "Cases",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ApprovedByIds",
                table: "Cases",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CompetentAgency",
                table: "Cases",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CorrectionCount",
                table: "Cases",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "CorrectionItems",
                table: "Cases",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ExtendedOn",
                table: "Cases",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExtensionReason",
                table: "Cases",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegisteredById",
                table: "Cases",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubmittedById",
                table: "Cases",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VoidReason",
                table: "Cases",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "VoidedOn",
                table: "Cases",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ChangeReason",
                table: "CaseAttachments",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "WithdrawnAt",
                table: "CaseAttachments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WithdrawnBy",
                table: "CaseAttachments",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "StrictSeparation",
                table: "Agencies",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AddressedAgencyId",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ApprovedByIds",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "CompetentAgency",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "CorrectionCount",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "CorrectionItems",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ExtendedOn",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ExtensionReason",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "RegisteredById",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "SubmittedById",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "VoidReason",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "VoidedOn",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ChangeReason",
                table: "CaseAttachments");

            migrationBuilder.DropColumn(
                name: "WithdrawnAt",
                table: "CaseAttachments");

            migrationBuilder.DropColumn(
                name: "WithdrawnBy",
                table: "CaseAttachments");

            migrationBuilder.DropColumn(
                name: "StrictSeparation",
                table: "Agencies");
        }
    }
}
