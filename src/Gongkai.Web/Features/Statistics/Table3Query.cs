using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;
using Gongkai.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Gongkai.Web.Features.Statistics;

/// <summary>
/// Table 三 for a year, counted by the database (GROUP BY) with the same definitions as
/// <see cref="Gongkai.Cases.Statistics.Table3Statistics"/>: 一 received in the year, 二 received before and
/// open at its start, 三.x closed in it by outcome, 四 open at its end.
/// </summary>
public sealed class Table3Query(GongkaiDbContext db, CurrentStaff staff)
{
    public async Task<ReportTable> ComputeAsync(int year, bool includeSubordinates, CancellationToken ct = default)
    {
        var agencies = includeSubordinates ? await staff.ReadableAgenciesAsync(ct) : new HashSet<int> { staff.Actor.AgencyId };
        return await ComputeAsync(db, agencies, year, ct);
    }

    public static async Task<ReportTable> ComputeAsync(GongkaiDbContext db, IReadOnlySet<int> agencies, int year, CancellationToken ct = default)
    {
        var start = new DateOnly(year, 1, 1);
        var end = new DateOnly(year, 12, 31);
        var ids = agencies.ToArray();
        var inScope = db.Cases.AsNoTracking().Where(c => ids.Contains(c.AgencyId) && c.State != CaseState.Voided && c.ReceivedOn <= end && (c.ClosedOn == null || c.ClosedOn >= start));

        var flows = await inScope
            .GroupBy(c => c.Applicant.Category)
            .Select(g => new
            {
                Category = g.Key,
                Received = g.Sum(c => c.ReceivedOn >= start ? 1 : 0),
                CarriedIn = g.Sum(c => c.ReceivedOn < start ? 1 : 0),
                CarriedOver = g.Sum(c => c.ClosedOn == null || c.ClosedOn > end ? 1 : 0),
            })
            .ToListAsync(ct);
        var outcomes = await inScope
            .Where(c => c.ClosedOn != null && c.ClosedOn <= end)
            .GroupBy(c => new { c.Applicant.Category, c.OutcomeRow })
            .Select(g => new { g.Key.Category, g.Key.OutcomeRow, Count = g.Count() })
            .ToListAsync(ct);

        var schema = ReportSchema.Format2021.Applications;
        var counts = new long[schema.Rows.Count, 6];
        foreach (var f in flows)
        {
            counts[schema.RowIndex("一"), (int)f.Category] += f.Received;
            counts[schema.RowIndex("二"), (int)f.Category] += f.CarriedIn;
            counts[schema.RowIndex("四"), (int)f.Category] += f.CarriedOver;
        }
        foreach (var o in outcomes)
        {
            var row = o.OutcomeRow is not null && ApplicationCase.OutcomeRows.Any(r => r.Key == o.OutcomeRow) ? o.OutcomeRow : "三.六.3";
            counts[schema.RowIndex(row), (int)o.Category] += o.Count;
            counts[schema.RowIndex("三.七"), (int)o.Category] += o.Count;
        }
        return Gongkai.Cases.Statistics.Table3Statistics.FromCounts(counts);
    }

    /// <summary>The table as an Excel workbook: one row per statutory row, the seven applicant columns.</summary>
    public static byte[] ToXlsx(ReportTable table, int year)
    {
        var rows = Gongkai.Web.Features.AnnualReports.ReportFiles.Rows(table);
        using var stream = new MemoryStream();
        stream.SaveAs(rows, sheetName: $"{year}年表三");
        return stream.ToArray();
    }
}

public static class StatisticsEndpoints
{
    public static void MapStatisticsEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/statistics").WithTags("统计");
        group.MapGet("/table3", async Task<IResult> (Table3Query query, int year, bool? subordinates, CancellationToken ct) =>
        {
            if (InvalidYear(year) is { } invalid)
            {
                return invalid;
            }
            var table = await query.ComputeAsync(year, subordinates ?? false, ct);
            return Results.Ok(table.Schema.Rows.ToDictionary(r => r.Key, r => r.Columns.ToDictionary(c => c.Key, c => table[r.Key, c.Key]?.Value)));
        }).WithSummary("由申请数据统计的年度报告表三；subordinates=true 含下级机关");
        group.MapGet("/table3.xlsx", async Task<IResult> (Table3Query query, int year, bool? subordinates, CancellationToken ct) =>
        {
            if (InvalidYear(year) is { } invalid)
            {
                return invalid;
            }
            var table = await query.ComputeAsync(year, subordinates ?? false, ct);
            return Results.File(Table3Query.ToXlsx(table, year),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"表三-{year}.xlsx");
        }).WithSummary("表三的 Excel 文件");
    }

    /// <summary>The 条例 of 2008 began the reports; a year outside 2008–2100 is a mistake, answered as a problem document.</summary>
    private static IResult? InvalidYear(int year) =>
        year is >= 2008 and <= 2100 ? null : Results.Problem(title: $"年度无效：{year}，应为 2008 至 2100 之间的年份", statusCode: StatusCodes.Status400BadRequest);
}
