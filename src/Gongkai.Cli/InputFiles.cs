namespace Gongkai.Cli;

/// <summary>Expands the FILE|DIR arguments: a directory contributes its report files, recursively, in name order.</summary>
internal static class InputFiles
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase) { ".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf" };

    public static List<string> Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => Extensions.Contains(Path.GetExtension(f)))
                    .Order(StringComparer.Ordinal));
            }
            else
            {
                // A missing file is kept so that it is reported as unreadable.
                files.Add(path);
            }
        }
        return files;
    }
}
