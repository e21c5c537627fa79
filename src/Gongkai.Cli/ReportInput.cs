using Gongkai.Batch;
using Gongkai.Batch.Sources;
using Spectre.Console;

namespace Gongkai.Cli;

/// <summary>
/// How <c>check</c>, <c>extract</c> and <c>audit</c> take their input: files, folders and ZIPs (also inside folders)
/// expanded by <see cref="ReportSources"/>, read and checked by <see cref="BatchAudit"/>; a run that read nothing
/// says so on standard error and fails.
/// </summary>
internal static class ReportInput
{
    /// <summary>Reads (and, as the options say, checks) every report given, with a progress bar on a terminal.</summary>
    public static BatchResult Read(IEnumerable<string> paths, BatchOptions options, TextWriter stdout, bool progress, string title) =>
        Read(ReportSources.Expand(paths).ToList(), options, stdout, progress, title);

    /// <summary>Reads (and, as the options say, checks) the sources given, with a progress bar on a terminal.</summary>
    public static BatchResult Read(IReadOnlyList<ReportSource> sources, BatchOptions options, TextWriter stdout, bool progress, string title)
    {
        if (!progress || sources.Count < 2)
        {
            return BatchAudit.Run(sources, options);
        }
        BatchResult? result = null;
        CheckCommand.Console(stdout).Progress().Start(ctx =>
        {
            var task = ctx.AddTask(title, maxValue: sources.Count);
            result = BatchAudit.Run(sources, options with { Progress = done => task.Value = done });
        });
        return result!;
    }

    /// <summary>When no report at all could be read, says why on <paramref name="stderr"/> and returns true.</summary>
    public static bool NothingRead(BatchResult batch, TextWriter stderr)
    {
        if (batch.NothingRead() is not { } message)
        {
            return false;
        }
        stderr.WriteLine(message);
        return true;
    }
}
