using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Attachments;
using Gongkai.Documents.Pdf;
using Gongkai.Documents.Redaction;
using Gongkai.Web.Features.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Gongkai.Web.Features.Redactions;

/// <summary>A mark as staff and the API see it: the covered text masked.</summary>
public sealed record MarkView(Guid Id, int Page, double X, double Y, double Width, double Height, string Ground, string Label, string Article,
    string Source, string? Text, bool Continues, string MarkedBy, DateTimeOffset MarkedAt, string? ChangedBy);

/// <summary>An attachment opened for redaction: its pages, its marks, its released copy and whether the actor may change them now.</summary>
public sealed record RedactionView(CaseAttachment Original, IReadOnlyList<(double Width, double Height)> Pages, IReadOnlyList<MarkView> Marks,
    CaseAttachment? Copy, string? ChangeRefusal, ApplicationCase Case)
{
    /// <summary>Pages searched by OCR (a scan's, a photo's).</summary>
    public IReadOnlyList<int> ImagePages { get; init; } = [];

    /// <summary>A Word document, redacted by text wherever it stands.</summary>
    public bool ByText { get; init; }
}

/// <summary>
/// The read side of redaction: an attachment opened with its pages, marks and copy; its page images; who may change the
/// marks now. Opened files are kept a while in memory (a Word document's pages take LibreOffice seconds to lay out).
/// </summary>
public sealed class RedactionQueries(GongkaiDbContext db, CaseService cases, PdfConverter converter, IMemoryCache cache)
{
    /// <summary>Resolution of the page images staff mark on.</summary>
    public const int PageDpi = 100;

    public async Task<CaseResult<RedactionView>> OpenAsync(Actor actor, Guid caseId, Guid attachmentId, CancellationToken ct = default)
    {
        var (c, original, refusal) = await FindAsync(actor, caseId, attachmentId, ct);
        if (refusal is not null)
        {
            return new(refusal.Kind, Message: refusal.Message);
        }
        var file = await FileAsync(original!);
        if (file.Refusal is { } bad)
        {
            return new(ResultKind.Refused, Message: bad);
        }
        var copy = await db.CaseAttachments.AsNoTracking().Where(a => a.RedactedFromId == original!.Id && a.WithdrawnAt == null)
            .Select(a => new CaseAttachment { Id = a.Id, CaseId = a.CaseId, FileName = a.FileName, ContentType = a.ContentType, Size = a.Size, Sha256 = a.Sha256, ForApplicant = a.ForApplicant, RedactedFromId = a.RedactedFromId })
            .ToListAsync(ct);
        var chain = (await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == c!.AgencyId, ct)).Chain;
        return CaseResult<RedactionView>.Ok(new RedactionView(original!, file.File!.Pages, await MarksAsync(original!.Id, ct), copy.FirstOrDefault(), ChangeRefusal(actor, c!, chain), c!)
        {
            ImagePages = file.File.ImagePages, ByText = file.File.Kind == RedactionKind.Docx,
        });
    }

    /// <summary>Page <paramref name="page"/> of the file as a PNG, for marking; null when the actor may not read the case.</summary>
    public async Task<byte[]?> PageAsync(Actor actor, Guid caseId, Guid attachmentId, int page, CancellationToken ct = default)
    {
        var (_, original, refusal) = await FindAsync(actor, caseId, attachmentId, ct);
        if (refusal is not null || await FileAsync(original!) is not { File: { } file } || page < 1 || page > file.Pages.Count)
        {
            return null;
        }
        var key = ("redaction-page", original!.Sha256, page);
        if (cache.TryGetValue(key, out byte[]? png) && png is not null)
        {
            return png;
        }
        png = await Task.Run(() => file.RenderPage(page, PageDpi), ct);
        cache.Set(key, png, new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10), Size = png.Length });
        return png;
    }

    public async Task<IReadOnlyList<MarkView>> MarksAsync(Guid attachmentId, CancellationToken ct = default) =>
        (await db.RedactionMarks.AsNoTracking().Where(m => m.AttachmentId == attachmentId).OrderBy(m => m.Sequence).ToListAsync(ct)).Select(View).ToList();

    /// <summary>The case and the original attachment the actor may read, or why not.</summary>
    internal async Task<(ApplicationCase? Case, CaseAttachment? Original, CaseResult<object>? Refusal)> FindAsync(Actor actor, Guid caseId, Guid attachmentId, CancellationToken ct)
    {
        var c = await cases.FindReadableAsync(actor, caseId, ct);
        if (c is null)
        {
            return (null, null, new(ResultKind.NotFound, Message: "找不到该申请"));
        }
        var a = await db.CaseAttachments.AsNoTracking().SingleOrDefaultAsync(x => x.CaseId == caseId && x.Id == attachmentId, ct);
        if (a is null || a.WithdrawnAt is not null)
        {
            return (c, null, new(ResultKind.NotFound, Message: a is null ? "找不到该附件" : "该附件已撤回"));
        }
        if (a.RedactedFromId is not null)
        {
            return (c, null, new(ResultKind.Refused, Message: "这是遮盖后生成的公开版本；请打开原件查看或修改遮盖"));
        }
        if (RedactionFile.KindOf(a.FileName) is null)
        {
            return (c, null, new(ResultKind.Refused, Message: RedactionFile.Unsupported(a.FileName)));
        }
        return (c, a, null);
    }

    internal async Task<(ApplicationCase? Case, CaseAttachment? Original, CaseResult<object>? Refusal)> EditableAsync(Actor actor, Guid caseId, Guid attachmentId, CancellationToken ct)
    {
        var found = await FindAsync(actor, caseId, attachmentId, ct);
        if (found.Refusal is not null)
        {
            return found;
        }
        var chain = (await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == found.Case!.AgencyId, ct)).Chain;
        return ChangeRefusal(actor, found.Case!, chain) is { } why
            ? (found.Case, found.Original, new(found.Case!.AgencyId != actor.AgencyId || (found.Case.State.IsOpen() && found.Case.State != CaseState.ReadyToAnswer)
                ? ResultKind.Forbidden : ResultKind.Refused, Message: why))
            : found;
    }

    /// <summary>Why the actor may not change the marks now, or null: the handler before review, the reviewer whose stage it is in review.</summary>
    public static string? ChangeRefusal(Actor actor, ApplicationCase c, ReviewChain chain) => c switch
    {
        _ when c.AgencyId != actor.AgencyId => "只能办理本机关的申请",
        { State: CaseState.Answered or CaseState.Archived } => "申请已答复，公开版本已随答复提供给申请人，遮盖不能再修改",
        { State: CaseState.Withdrawn or CaseState.Voided } => "申请已撤回或作废，不能再遮盖",
        { State: CaseState.ReadyToAnswer } => "审核已全部通过，遮盖不能再修改；如需修改，请先退回",
        { State: CaseState.InReview } => chain.CanAct(actor, c.ReviewStage)
            ? null
            : $"申请正在审核（{(c.ReviewStage < chain.Stages.Count ? chain.Stages[c.ReviewStage].Name : "审核")}），只有该环节的审核人可以修改遮盖",
        _ => actor.Has(StaffRole.Handler) || actor.Has(StaffRole.Registrar) ? null : $"只有登记员或承办人可以遮盖，您的角色是：{actor.RoleNames}",
    };

    /// <summary>The file opened for redaction, kept a while in memory (a Word document's pages take LibreOffice seconds to lay out).</summary>
    internal async Task<(RedactionFile? File, string? Refusal)> FileAsync(CaseAttachment original)
    {
        // By attachment, not by content: the same bytes attached twice under two names make two copies named after each.
        var key = ("redaction-file", original.Id);
        if (cache.TryGetValue(key, out RedactionFile? known) && known is not null)
        {
            return (known, null);
        }
        var content = original.Content.Length > 0 ? original.Content
            : await db.CaseAttachments.AsNoTracking().Where(a => a.Id == original.Id).Select(a => a.Content).SingleAsync();
        try
        {
            var file = await RedactionFile.OpenAsync(original.FileName, content, docx => converter.ConvertAsync(docx));
            cache.Set(key, file, new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(15), Size = content.Length });
            return (file, null);
        }
        catch (RedactionException e)
        {
            return (null, e.Message);
        }
    }

    private static MarkView View(RedactionMark m)
    {
        var ground = WithholdingGround.Find(m.Ground)!;
        return new MarkView(m.Id, m.Page, m.X, m.Y, m.Width, m.Height, ground.Name, ground.Label, ground.Article, m.Source, m.MaskedText, m.Continues, m.MarkedBy, m.MarkedAt, m.ChangedBy);
    }

    /// <summary>The covered text for the screen, mostly as *; lines joined by “／”.</summary>
    public static string Mask(string text)
    {
        var flat = string.Join("／", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (flat.Length <= 1)
        {
            return "*";
        }
        // A name keeps only its first character (张**), a number its first four and, when long, last four (4107**********1232):
        // enough for staff to tell marks apart, too little to read the part.
        var head = flat.Length <= 3 ? 1 : Math.Min(4, flat.Length / 4);
        var tail = flat.Length >= 12 ? Math.Min(4, flat.Length / 6) : 0;
        var masked = flat[..head] + new string('*', flat.Length - head - tail) + flat[^tail..];
        return masked.Length > 60 ? masked[..59] + "…" : masked;
    }
}
