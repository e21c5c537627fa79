namespace Gongkai.Documents.Letters;

/// <summary>A filled-in letter, ready to be written.</summary>
public sealed record Letter(LetterKind Kind, string Title, string Number, IReadOnlyList<string> Paragraphs, string Agency, string Date)
{
    /// <summary>Fills a template; the values must include 文号, 机关 and 日期.</summary>
    public static Letter Compose(LetterTemplate template, IReadOnlyDictionary<string, string> values) => new(
        template.Kind,
        LetterTemplate.Fill(template.Title, values),
        values.GetValueOrDefault("文号", ""),
        template.Paragraphs.Select(p => LetterTemplate.Fill(p, values)).ToArray(),
        values.GetValueOrDefault("机关", ""),
        values.GetValueOrDefault("日期", ""));

    /// <summary>A document number: agency prefix, 〔year〕, kind code and sequence, e.g. 新公开〔2026〕答12号.</summary>
    public static string FormatNumber(string prefix, int year, LetterKind kind, int sequence) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{prefix}〔{year}〕{kind.NumberCode()}{sequence}号");
}
