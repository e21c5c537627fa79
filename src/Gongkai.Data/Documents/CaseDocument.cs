namespace Gongkai.Data.Documents;

/// <summary>A numbered document issued for a case (受理回执, 补正告知书, 答复书 …), kept exactly as issued.</summary>
public sealed class CaseDocument
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid CaseId { get; set; }

    public int AgencyId { get; set; }

    /// <summary>The letter kind's name (Gongkai.Documents.Letters.LetterKind).</summary>
    public string Kind { get; set; } = "";

    public int Year { get; set; }

    public int Sequence { get; set; }

    /// <summary>E.g. XXGA〔2026〕答12号.</summary>
    public string Number { get; set; } = "";

    public DateOnly IssuedOn { get; set; }

    public string IssuedBy { get; set; } = "";

    public byte[] Docx { get; set; } = [];

    /// <summary>The PDF made from <see cref="Docx"/> by LibreOffice, kept once made (the DOCX never changes).</summary>
    public byte[]? Pdf { get; set; }
}

/// <summary>An agency's own wording of a kind of letter, replacing Gongkai's default; checked for unknown fields before it is saved.</summary>
public sealed class AgencyLetterTemplate
{
    public int AgencyId { get; set; }

    /// <summary>The letter kind's name (Gongkai.Documents.Letters.LetterKind).</summary>
    public string Kind { get; set; } = "";

    /// <summary>The title on the first line, then one paragraph per line, fields written {字段}.</summary>
    public string Text { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = "";
}

/// <summary>The next number of a kind of document for an agency and year; taken inside the serialised write, so numbers have no gaps or duplicates.</summary>
public sealed class DocumentCounter
{
    public int AgencyId { get; set; }

    public int Year { get; set; }

    public string Kind { get; set; } = "";

    public int Next { get; set; } = 1;
}
