using Gongkai.Reading;
using Gongkai.Reports.Checking;

namespace Gongkai.Cli;

/// <summary>One input file: what was read and found, or why it could not be read.</summary>
internal sealed record FileOutcome(string File, ReadResult? Read, IReadOnlyList<Finding> Findings, string? Error)
{
    public bool HasErrors => Findings.Any(f => f.IsError);

    public static FileOutcome Check(string file, bool runChecker)
    {
        try
        {
            var read = ReportReader.ReadFile(file);
            var findings = runChecker ? read.Findings.Concat(ReportChecker.Check(read.Report)).OrderByDescending(f => f.Severity).ToArray() : read.Findings;
            return new FileOutcome(file, read, findings, null);
        }
        catch (ReportReadException e)
        {
            return new FileOutcome(file, null, [], e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A defect of ours must not end a batch of thousands of files with a stack trace.
            return new FileOutcome(file, null, [], $"读取时发生内部错误（{e.GetType().Name}：{e.Message}），请将此文件报告给 Gongkai 维护者");
        }
    }
}
