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
    }
}
