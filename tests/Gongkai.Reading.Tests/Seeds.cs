using System.Globalization;
using Gongkai.Reports.Model;
using Gongkai.Reports.Writing;

namespace Gongkai.Reading.Tests;

/// <summary>The five seed reports (tests/fixtures/seeds, copied next to the test assembly) and their expected readings.</summary>
internal static class Seeds
{
    public static readonly string[] Ids = ["000", "001", "002", "003", "004"];

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "seeds");

    public static string PathOf(string id) => System.IO.Directory.GetFiles(Directory, id + "_*.txt").Single();

    public static string Text(string id) => File.ReadAllText(PathOf(id));

    public static byte[] Bytes(string id) => File.ReadAllBytes(PathOf(id));

    public static ReadResult Read(string id) => ReportReader.ReadFile(PathOf(id));

    /// <summary>The expected reading: "key: v v v" lines, '_' for an absent cell.</summary>
    public static Dictionary<string, string[]> Expected(string id) =>
        File.ReadAllLines(Path.Combine(Directory, id + ".expected"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(": ", 2))
            .ToDictionary(p => p[0], p => p[1].Split(' '));

    /// <summary>The model without source locations, for comparing two readings.</summary>
    public static string Canonical(AnnualReport report) => ReportJson.Write(report);

    public static decimal? Parse(string text) => text == "_" ? null : decimal.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>Every cell of every table of <paramref name="actual"/> equals the one of <paramref name="expected"/> (absent where absent).</summary>
    public static void AssertSameCells(AnnualReport expected, AnnualReport actual, params string[] tables)
    {
        foreach (var (want, got) in expected.Tables.Zip(actual.Tables).Where(t => tables.Length == 0 || tables.Contains(t.First.Schema.Key)))
        {
            foreach (var ((row, column, cell), (_, _, read)) in want.Cells().Zip(got.Cells()))
            {
                Assert.True(cell?.Value == read?.Value, $"{want.Schema.Title} {row.Key} {column.Key}: {cell?.Value} ≠ {read?.Value}");
            }
        }
    }
}
