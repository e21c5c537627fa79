namespace Gongkai.Documents.Letters;

/// <summary>A filled-in letter, ready to be written.</summary>
public sealed record Letter(LetterKind Kind, string Title, string Number, IReadOnlyList<string> Paragraphs, string Agency, string Date)
{
    /// <summary>The files sent with the letter, by name, listed after the body as its 附件说明 (GB/T 9704 7.3.4).</summary>
    public IReadOnlyList<string> Attachments { get; init; } = [];

    /// <summary>
    /// Fills a template; the values must include 文号, 机关 and 日期. A paragraph that is nothing but an optional field
    /// (<see cref="LetterTemplate.OptionalFields"/>) with no value is left out rather than printed as unfilled.
    /// </summary>
    public static Letter Compose(LetterTemplate template, IReadOnlyDictionary<string, string> values) => new(
        template.Kind,
        LetterTemplate.Fill(template.Title, values),
        values.GetValueOrDefault("文号", ""),
        // A value typed over several lines (补正 items one a line) stays several paragraphs.
        template.Paragraphs.Where(p => !LetterTemplate.IsEmptyOptional(p, values))
            .SelectMany(p => LetterTemplate.Fill(p, values).Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToArray(),
        values.GetValueOrDefault("机关", ""),
        values.GetValueOrDefault("日期", ""));

    /// <summary>A document number: the agency's 机关代字 (or its tracking prefix), 〔year〕, kind code and sequence, e.g. 新公信〔2026〕答12号.</summary>
    public static string FormatNumber(string prefix, int year, LetterKind kind, int sequence) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{prefix}〔{year}〕{kind.NumberCode()}{sequence}号");
}
