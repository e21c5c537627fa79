using Gongkai.Cases.Cases;
using Gongkai.Reports.Model;
using Gongkai.Reports.Schema;

namespace Gongkai.Cases.Statistics;

/// <summary>What table 三 needs to know of a case.</summary>
public sealed record CaseFacts(ApplicantCategory Category, DateOnly ReceivedOn, DateOnly? ClosedOn, string? OutcomeRow);

/// <summary>
/// Table 三 for a year, counted from cases: 一 received in the year; 二 received before it and open at
/// its start; 三.x closed in the year, by outcome; 四 open at its end. Every case received by the end of
/// the year and not closed before its start is counted once on each side, so 一 + 二 = 三.七 + 四 holds
/// by construction.
/// </summary>
public static class Table3Statistics
{
    public static ReportTable Compute(IEnumerable<CaseFacts> cases, int year)
    {
        var schema = ReportSchema.Format2021.Applications;
        var columns = ReportSchema.ApplicantColumns;
        var counts = new long[schema.Rows.Count, columns.Count];
        var start = new DateOnly(year, 1, 1);
        var end = new DateOnly(year, 12, 31);
        int Row(string key) => schema.RowIndex(key);

        foreach (var c in cases)
        {
            if (c.ReceivedOn > end || c.ClosedOn < start)
            {
                continue;
            }
            var column = (int)c.Category;
            if (c.ReceivedOn >= start)
            {
                counts[Row("一"), column]++;
            }
            else
            {
                counts[Row("二"), column]++;
            }
            if (c.ClosedOn is { } closed && closed <= end)
            {
                var outcome = c.OutcomeRow is not null && schema.RowIndex(c.OutcomeRow) is >= 0 and var r ? r : Row("三.六.3");
                counts[outcome, column]++;
                counts[Row("三.七"), column]++;
            }
            else
            {
                counts[Row("四"), column]++;
            }
        }

        return FromCounts(counts);
    }

    /// <summary>
    /// Table 三 from counts per row and applicant column (rows in schema order, the six applicant
    /// columns by <see cref="ApplicantCategory"/>); 总计 is their sum. Shared with the SQL query.
    /// </summary>
    public static ReportTable FromCounts(long[,] counts)
    {
        var schema = ReportSchema.Format2021.Applications;
        var totalColumn = ReportSchema.ApplicantColumns.Count - 1;
        var table = new ReportTable(schema);
        for (var r = 0; r < schema.Rows.Count; r++)
        {
            long total = 0;
            for (var c = 0; c < totalColumn; c++)
            {
                table[r, c] = CellValue.Of(counts[r, c]);
                total += counts[r, c];
            }
            table[r, totalColumn] = CellValue.Of(total);
        }
        return table;
    }

    /// <summary>A 2021-format report whose table 三 is the year's statistics, for the checker and writers.</summary>
    public static AnnualReport Report(IEnumerable<CaseFacts> cases, int year, string agency) =>
        AsReport(Compute(cases, year), year, agency);

    /// <summary>A 2021-format report holding a computed table 三, so the checker and writers work on it.</summary>
    public static AnnualReport AsReport(ReportTable table, int? year = null, string? agency = null)
    {
        var report = new AnnualReport(FormatVersion.Format2021) { Agency = agency, Year = year };
        foreach (var (row, column, cell) in table.Cells())
        {
            report.Applications[row.Key, column.Key] = cell;
        }
        return report;
    }
}
