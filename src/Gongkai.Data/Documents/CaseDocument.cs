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
}

/// <summary>The next number of a kind of document for an agency and year; taken inside the serialised write, so numbers have no gaps or duplicates.</summary>
public sealed class DocumentCounter
{
    public int AgencyId { get; set; }

    public int Year { get; set; }

    public string Kind { get; set; } = "";

    public int Next { get; set; } = 1;
}
