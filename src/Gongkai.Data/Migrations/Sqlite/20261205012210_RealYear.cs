using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gongkai.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ApprovedByIds",
                table: "Cases",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CompetentAgency",
                table: "Cases",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CorrectionCount",
                table: "Cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "CorrectionItems",
                table: "Cases",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ExtendedOn",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExtensionReason",
                table: "Cases",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegisteredById",
                table: "Cases",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubmittedById",
                table: "Cases",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VoidReason",
                table: "Cases",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "VoidedOn",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ChangeReason",
                table: "CaseAttachments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "WithdrawnAt",
                table: "CaseAttachments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WithdrawnBy",
                table: "CaseAttachments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "StrictSeparation",
                table: "Agencies",
                type: "INTEGER",
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
