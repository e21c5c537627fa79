using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Gongkai.Batch.Dataset;
using Gongkai.Reports.Checking;
using Gongkai.Reports.Schema;

namespace Gongkai.Batch.Dashboard;

/// <summary>
/// Writes the batch as one self-contained HTML page that works offline: summary, findings by rule and severity,
/// agencies with most errors, the key ratios' distribution and one agency's years (Apache ECharts, inlined), and
/// every finding linked to its report. The data are JSON in a script element; the page's script shows all text
/// through textContent, so a hostile report's title cannot become markup.
/// </summary>
public static class DashboardWriter
{
    private static readonly Lazy<string> Template = new(() => Resource("Gongkai.Batch.dashboard.html"));
    private static readonly Lazy<string> ECharts = new(() => Resource("Gongkai.Batch.echarts.min.js"));

    private static readonly JsonWriterOptions JsonOptions = new()
    {
        // Escapes < > & ' " (so no "</script>" can end the data early) but keeps Chinese readable.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <param name="linkFor">Where a report's name links to (a relative path to the file), or null for no link.</param>
    public static void Write(BatchResult batch, Stream stream, DateTimeOffset generated, Func<AuditedReport, string?>? linkFor = null)
    {
        var data = Data(batch, generated, linkFor ?? (_ => null));
        var page = Template.Value;
        var dataAt = page.IndexOf("/*DATA*/", StringComparison.Ordinal);
        var chartsAt = page.IndexOf("/*ECHARTS*/", StringComparison.Ordinal);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 65536, leaveOpen: true);
        writer.Write(page.AsSpan(0, dataAt));
        writer.Flush();
        stream.Write(data);
        writer.Write(page.AsSpan(dataAt + "/*DATA*/".Length, chartsAt - dataAt - "/*DATA*/".Length));
        writer.Write(ECharts.Value);
        writer.Write(page.AsSpan(chartsAt + "/*ECHARTS*/".Length));
    }

    private static byte[] Data(BatchResult batch, DateTimeOffset generated, Func<AuditedReport, string?> linkFor)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, JsonOptions))
        {
            w.WriteStartObject();
            w.WriteString("generated", generated.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            w.WriteNumber("unreadable", batch.Unreadable);
            w.WriteNumber("withErrors", batch.WithErrors);
            w.WriteNumber("onlyWarnings", batch.Reports.Count(r => r.Error is null && r.Findings.Count > 0 && !r.HasErrors));
            w.WriteNumber("clean", batch.Clean);
            w.WriteStartObject("rules");
            foreach (var rule in batch.Reports.SelectMany(r => r.Findings).Select(f => f.Rule).DistinctBy(r => r.Id))
            {
                w.WriteString(rule.Id, rule.Title);
            }
            w.WriteEndObject();
            w.WriteStartArray("ratios");
            foreach (var ratio in KeyRatios.All)
            {
                w.WriteStartObject();
                w.WriteString("key", ratio.Key);
                w.WriteString("name", ratio.Name);
                w.WriteString("definition", ratio.Definition);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("reports");
            foreach (var r in batch.Reports)
            {
                var report = r.Read?.Report;
                w.WriteStartObject();
                w.WriteString("name", r.Name);
                w.WriteString("href", linkFor(r));
                w.WriteString("title", report?.Title);
                w.WriteString("agency", report?.Agency);
                if (report?.Year is { } year)
                {
                    w.WriteNumber("year", year);
                }
                w.WriteString("format", report?.Format.Tag());
                w.WriteString("error", r.Error);
                w.WriteNumber("errors", r.ErrorCount);
                w.WriteNumber("warnings", r.WarningCount);
                w.WriteStartObject("ratios");
                foreach (var ratio in KeyRatios.All)
                {
                    if (report is not null && ratio.Compute(report) is { } value)
                    {
                        w.WriteNumber(ratio.Key, value);
                    }
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("findings");
            for (var i = 0; i < batch.Reports.Count; i++)
            {
                foreach (var f in batch.Reports[i].Findings)
                {
                    w.WriteStartObject();
                    w.WriteNumber("report", i);
                    w.WriteString("rule", f.RuleId);
                    w.WriteString("severity", f.Severity.Tag());
                    w.WriteString("message", f.Message);
                    w.WriteString("location", f.Location);
                    w.WriteEndObject();
                }
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Missing embedded resource {name}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
