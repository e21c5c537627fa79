using System.Text;
using System.Text.Json;
using Gongkai.Reports.Writing;

namespace Gongkai.Cli;

internal static class JsonOutput
{
    /// <summary>Writes one JSON array, an object per item, with Chinese left readable.</summary>
    public static void WriteArray<T>(TextWriter stdout, IEnumerable<T> items, Action<Utf8JsonWriter, T> writeProperties)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, ReportJson.WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                writer.WriteStartObject();
                writeProperties(writer, item);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        stdout.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }
}
