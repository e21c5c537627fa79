using Gongkai.Batch.Sources;
using Gongkai.Reports.Checking;
using Gongkai.Reports.Model;

namespace Gongkai.Batch;

/// <summary>How a batch runs: how many reports at once, and who hears of progress.</summary>
public sealed record BatchOptions
{
    /// <summary>Reports read at once; all cores by default.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Told the count of reports done so far, from worker threads.</summary>
    public Action<int>? Progress { get; init; }

    /// <summary>Keep the six sections' text (needed only to show it; a batch of thousands drops it to save memory).</summary>
    public bool KeepText { get; init; }

    /// <summary>Run the checker and the checks across reports; off when only the cells are wanted (<c>gongkai extract</c>).</summary>
    public bool Check { get; init; } = true;

    public CancellationToken Cancellation { get; init; }
}

/// <summary>The reports of one batch in input order, each with its own findings and those across reports.</summary>
public sealed record BatchResult(IReadOnlyList<AuditedReport> Reports)
{
    public int Unreadable => Reports.Count(r => r.Error is not null);

    public int WithErrors => Reports.Count(r => r.HasErrors);

    public int Clean => Reports.Count(r => r.Error is null && r.Findings.Count == 0);

    /// <summary>Reports read (with or without findings).</summary>
    public int Read => Reports.Count(r => r.Read is not null);

    /// <summary>
    /// Why nothing at all could be read, in Chinese — nothing given held a report, or every report failed (the first
    /// few named with their reasons) — or null when at least one report was read. Such a run checked nothing and must
    /// not look like a success.
    /// </summary>
    public string? NothingRead()
    {
        if (Read > 0)
        {
            return null;
        }
        if (Reports.Count == 0)
        {
            return $"没有读取到任何年度报告：没有找到年度报告文件（{ReportSources.ExtensionList}，或含有它们的 ZIP 压缩包）";
        }
        const int named = 3;
        var reasons = string.Join("；", Reports.Take(named).Select(r => $"{r.Name}：{r.Error}"));
        return Reports.Count == 1
            ? $"没有读取到任何年度报告：{reasons}"
            : $"没有读取到任何年度报告：{Reports.Count} 个文件都无法读取（{reasons}{(Reports.Count > named ? "……" : "")}）";
    }
}

/// <summary>
/// Reads and checks many published reports on all cores — a supervising office's (政务公开办) whole province, a
/// government's departments — then adds the findings only several reports show (<see cref="CrossReportRules"/>).
/// </summary>
public static class BatchAudit
{
    public static BatchResult Run(IEnumerable<ReportSource> sources, BatchOptions? options = null)
    {
        options ??= new BatchOptions();
        var results = new List<AuditedReport?>();
        var done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism), CancellationToken = options.Cancellation };
        // Sources are enumerated lazily (a folder of ten thousand files is not loaded up front); each keeps its index.
        Parallel.ForEach(sources.Select((s, i) => (Source: s, Index: i)), parallel, () => 0, (item, _, local) =>
        {
            var audited = AuditedReport.Of(item.Source, runChecker: options.Check);
            if (!options.KeepText && audited.Read is { } read)
            {
                Compact(read.Report);
            }
            lock (results)
            {
                while (results.Count <= item.Index)
                {
                    results.Add(null);
                }
                results[item.Index] = audited;
            }
            options.Progress?.Invoke(Interlocked.Increment(ref done));
            return local;
        }, _ => { });
        var reports = results.Select(r => r!).ToList();
        return new BatchResult(options.Check ? AcrossReports(reports) : reports);
    }

    /// <summary>Whole numbers a table cell usually holds, one shared object each (without a source location).</summary>
    private static readonly CellValue[] SharedCells = Enumerable.Range(0, 10_000).Select(n => CellValue.Of(n)).ToArray();

    /// <summary>
    /// Drops what a batch no longer needs once a report is checked — the sections' text and each cell's place in the
    /// source — so that ten thousand reports stay small in memory and quick for the garbage collector to walk.
    /// </summary>
    private static void Compact(AnnualReport report)
    {
        report.Sections.Clear();
        foreach (var table in report.Tables)
        {
            for (var r = 0; r < table.Schema.Rows.Count; r++)
            {
                for (var c = 0; c < table.Schema.Rows[r].Columns.Count; c++)
                {
                    if (table[r, c] is { } cell && cell.IsWholeNumber && cell.Value >= 0 && cell.Value < SharedCells.Length)
                    {
                        table[r, c] = SharedCells[(int)cell.Value];
                    }
                }
            }
        }
    }

    /// <summary>Adds what only several reports show (consecutive years of one agency, one report twice) to each report's findings.</summary>
    public static List<AuditedReport> AcrossReports(List<AuditedReport> reports)
    {
        var cross = CrossReportRules.Check(reports.Where(o => o.Read is not null).Select(o => new NamedReport(o.Name, o.Read!.Report)).ToList())
            .ToLookup(x => x.Name, x => x.Finding);
        return reports.Select(o => cross[o.Name].Any() ? o with { Findings = [.. o.Findings, .. cross[o.Name]] } : o).ToList();
    }
}
