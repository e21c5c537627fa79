using Gongkai.Batch.Sources;
using Gongkai.Reading;
using Gongkai.Reports.Checking;

namespace Gongkai.Batch;

/// <summary>One report of a batch: what was read and found, or why it could not be read.</summary>
public sealed record AuditedReport(string Name, ReadResult? Read, IReadOnlyList<Finding> Findings, string? Error)
{
    public bool HasErrors => Findings.Any(f => f.IsError);

    public int ErrorCount => Findings.Count(f => f.IsError);

    public int WarningCount => Findings.Count(f => !f.IsError);

    /// <summary>Reads and (when asked) checks one report; never throws for a bad file, a defect of ours included.</summary>
    public static AuditedReport Of(ReportSource source, bool runChecker)
    {
        var name = source.Name;
        try
        {
            var read = source.Read();
            var findings = runChecker ? read.Findings.Concat(ReportChecker.Check(read.Report)).OrderByDescending(f => f.Severity).ToArray() : read.Findings;
            return new AuditedReport(name, read, findings, null);
        }
        catch (ReportReadException e)
        {
            return new AuditedReport(name, null, [], e.Message);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new AuditedReport(name, null, [], Directory.Exists(name) ? "这是一个目录，不是文件" : "找不到文件");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A defect of ours must not end a batch of thousands of files with a stack trace.
            return new AuditedReport(name, null, [], $"读取时发生内部错误（{e.GetType().Name}：{e.Message}），请将此文件报告给 Gongkai 维护者");
        }
    }
}
