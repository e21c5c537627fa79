using System.Text.Json;
using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Attachments;
using Gongkai.Data.Audit;
using Gongkai.Documents.Redaction;
using Gongkai.Web.Features.Cases;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Redactions;

/// <summary>What to withhold: searches (a ready pattern's name or literal text) and drawn boxes, each with its ground.</summary>
public sealed record RedactionInput(IReadOnlyList<PatternInput>? Patterns, IReadOnlyList<BoxInput>? Boxes);

public sealed record PatternInput(string? Pattern, string? Ground);

/// <summary>A box in PDF points from the page's top left (a photo's in pixels).</summary>
public sealed record BoxInput(int Page, double X, double Y, double Width, double Height, string? Ground);

public sealed record MarkChangeInput(string? Ground);

/// <summary>
/// 部分公开 inside Gongkai (区分处理, 条例 第三十七条): staff mark what to withhold in a file to be disclosed, by search or
/// by drawing, each part with its ground (第十四条 to 第十六条); every change makes the released copy afresh
/// (<see cref="RedactionFile"/>) — the original stays internal, the copy is 随答复提供 — and is written to the audit trail.
/// The handler marks before review; in review the reviewer whose stage it is may add, change or remove marks.
/// </summary>
public sealed class RedactionService(GongkaiDbContext db, RedactionQueries queries, IDataProtectionProvider protection, TimeProvider clock)
{
    private readonly IDataProtector textProtector = protection.CreateProtector("Gongkai.RedactionText");

    /// <summary>Adds the marks the searches and boxes give and makes the released copy afresh; the copy is the value.</summary>
    public async Task<CaseResult<CaseAttachment>> MarkAsync(Actor actor, Guid caseId, Guid attachmentId, RedactionInput input, CancellationToken ct = default)
    {
        var (c, original, refusal) = await queries.EditableAsync(actor, caseId, attachmentId, ct);
        if (refusal is not null)
        {
            return new(refusal.Kind, Message: refusal.Message, Errors: refusal.Errors);
        }
        var patterns = input.Patterns ?? [];
        var boxes = input.Boxes ?? [];
        if (patterns.Count == 0 && boxes.Count == 0)
        {
            return Invalid("Patterns", "请至少选择一种查找方式、填写要查找的文字，或在页面上框选要遮盖的部分");
        }
        if (patterns.Count + boxes.Count > MaxMarksPerRequest)
        {
            return Invalid("Patterns", $"一次最多提交{MaxMarksPerRequest}项查找和框选，本次为{patterns.Count + boxes.Count}项");
        }
        var file = await queries.FileAsync(original!);
        if (file.File is not { } opened)
        {
            return new(ResultKind.Refused, Message: file.Refusal);
        }
        var found = new List<Withheld>();
        try
        {
            var searches = new List<(string Pattern, WithholdingGround Ground)>();
            for (var i = 0; i < patterns.Count; i++)
            {
                var p = patterns[i];
                if (string.IsNullOrWhiteSpace(p.Pattern) || p.Pattern.Trim().Length > 100)
                {
                    return Invalid($"Patterns[{i}]", $"第{i + 1}项查找：请填写要查找的文字（1至100字）或以下之一：{RedactionPatterns.Names}");
                }
                if (WithholdingGround.Find(p.Ground) is not { } ground)
                {
                    return Invalid($"Patterns[{i}]", $"第{i + 1}项查找“{p.Pattern.Trim()}”：请选择不予公开的理由（{WithholdingGround.Names}）");
                }
                searches.Add((p.Pattern.Trim(), ground));
            }
            // One pass per ground, the searches in the order given: where two cover the same characters the first wins
            // (an ID number that passes the bank-card check is one part, not two).
            foreach (var byGround in searches.GroupBy(x => x.Ground))
            {
                found.AddRange(await Task.Run(() => opened.Find(byGround.Select(x => x.Pattern).ToList(), byGround.Key), ct));
            }
            for (var i = 0; i < boxes.Count; i++)
            {
                var b = boxes[i];
                if (WithholdingGround.Find(b.Ground) is not { } ground)
                {
                    return Invalid($"Boxes[{i}]", $"第{i + 1}个框（第{b.Page}页）：请选择不予公开的理由（{WithholdingGround.Names}）");
                }
                found.Add(opened.Box(b.Page, new PageRect(b.X, b.Y, b.Width, b.Height), ground));
            }
        }
        catch (RedactionException e)
        {
            return Invalid(boxes.Count > 0 ? "Boxes" : "Patterns", e.Message);
        }
        var existing = await db.RedactionMarks.AsNoTracking().Where(m => m.AttachmentId == original!.Id).OrderBy(m => m.Sequence).ToListAsync(ct);
        // A search run twice, or a box over a part already found, is not a second withheld part.
        var placed = found.Where(f => f.Page > 0 && !existing.Any(e => Same(e, f)))
            .DistinctBy(f => (f.Page, Math.Round(f.Box.X), Math.Round(f.Box.Y), Math.Round(f.Box.Width), Math.Round(f.Box.Height)));
        // A Word document's text that could not be placed on a page has no box to tell one occurrence from another: each
        // occurrence is a part, and only those beyond the ones already marked are new.
        var unplaced = found.Where(f => f.Page == 0).GroupBy(f => (f.Text, f.Source))
            .SelectMany(g => g.Skip(existing.Count(e => e.Page == 0 && e.Source == g.Key.Source && e.MaskedText == RedactionQueries.Mask(g.Key.Text ?? ""))));
        var fresh = placed.Concat(unplaced).ToList();
        if (fresh.Count == 0)
        {
            return new(ResultKind.Refused, Message: patterns.Count > 0 && boxes.Count == 0
                ? $"在“{original!.FileName}”中没有找到{string.Join("、", patterns.Select(p => $"“{p.Pattern!.Trim()}”"))}，或找到的部分已经遮盖"
                : "所框部分已经遮盖");
        }
        var next = existing.Count == 0 ? 1 : existing.Max(m => m.Sequence) + 1;
        var now = clock.GetUtcNow();
        var added = fresh.Select((f, i) => new RedactionMark
        {
            CaseId = caseId, AttachmentId = original!.Id, Sequence = next + i, Page = f.Page, X = f.Box.X, Y = f.Box.Y, Width = f.Box.Width, Height = f.Box.Height,
            Ground = f.Ground.Name, Source = f.Source.Length > 200 ? f.Source[..200] : f.Source,
            ProtectedText = f.Text is null ? null : textProtector.Protect(f.Text), MaskedText = f.Text is null ? null : RedactionQueries.Mask(f.Text), Continues = f.Continues,
            MarkedAt = now, MarkedBy = actor.DisplayName,
        }).ToList();
        return await SaveAsync(actor, c!, original!, opened, existing, existing.Concat(added).ToList(), "Redact",
            $"对附件“{original!.FileName}”新增遮盖{Count(added)}处（{Tally(added)}）", db => db.RedactionMarks.AddRange(added), ct);
    }

    /// <summary>A reviewer (or the handler before review) changes one mark's ground; the copy and its labels are made afresh.</summary>
    public async Task<CaseResult<CaseAttachment>> ChangeAsync(Actor actor, Guid caseId, Guid attachmentId, Guid markId, MarkChangeInput input, CancellationToken ct = default)
    {
        var (c, original, refusal) = await queries.EditableAsync(actor, caseId, attachmentId, ct);
        if (refusal is not null)
        {
            return new(refusal.Kind, Message: refusal.Message);
        }
        if (WithholdingGround.Find(input.Ground) is not { } ground)
        {
            return Invalid("Ground", $"请选择不予公开的理由（{WithholdingGround.Names}）");
        }
        var existing = await db.RedactionMarks.AsNoTracking().Where(m => m.AttachmentId == original!.Id).OrderBy(m => m.Sequence).ToListAsync(ct);
        if (existing.FirstOrDefault(m => m.Id == markId) is not { } mark)
        {
            return new(ResultKind.NotFound, Message: "找不到该遮盖标记");
        }
        if (mark.Ground == ground.Name)
        {
            return new(ResultKind.Refused, Message: $"该处的理由已是“{ground.Name}”");
        }
        var before = mark.Ground;
        var part = PartOf(existing, mark);
        var now = clock.GetUtcNow();
        var after = existing.Select(m => part.Any(p => p.Id == m.Id) ? Copy(m, ground.Name, actor.DisplayName, now) : m).ToList();
        return await SaveAsync(actor, c!, original!, null, existing, after, "RedactionChange",
            $"修改附件“{original!.FileName}”第{mark.Page}页一处遮盖的理由：{before} → {ground.Name}", db =>
            {
                foreach (var changed in after.Where(m => part.Any(p => p.Id == m.Id)))
                {
                    db.RedactionMarks.Update(changed);
                }
            }, ct, auditBefore: JsonSerializer.Serialize(new { Mark = mark.Id, mark.Page, Ground = before }, CaseService.SnapshotOptions));
    }

    /// <summary>Removes one mark; without marks the copy goes and the original is to be released as it is.</summary>
    public async Task<CaseResult<CaseAttachment>> RemoveAsync(Actor actor, Guid caseId, Guid attachmentId, Guid markId, CancellationToken ct = default)
    {
        var (c, original, refusal) = await queries.EditableAsync(actor, caseId, attachmentId, ct);
        if (refusal is not null)
        {
            return new(refusal.Kind, Message: refusal.Message);
        }
        var existing = await db.RedactionMarks.AsNoTracking().Where(m => m.AttachmentId == original!.Id).OrderBy(m => m.Sequence).ToListAsync(ct);
        if (existing.FirstOrDefault(m => m.Id == markId) is not { } mark)
        {
            return new(ResultKind.NotFound, Message: "找不到该遮盖标记");
        }
        var gone = PartOf(existing, mark);
        var file = await queries.FileAsync(original!);
        if (file.File is not { } opened)
        {
            return new(ResultKind.Refused, Message: file.Refusal);
        }
        return await SaveAsync(actor, c!, original!, opened, existing, existing.Where(m => !gone.Contains(m)).ToList(), "RedactionRemove",
            $"取消附件“{original!.FileName}”第{mark.Page}页一处遮盖（{mark.Ground}）", db => db.RedactionMarks.RemoveRange(gone), ct);
    }

    private const int MaxMarksPerRequest = 200;

    /// <summary>
    /// Writes a change of marks. The copy is made before the serialised write (it may take seconds); in the write the marks
    /// are checked unchanged since they were read (else the change is refused and nothing is lost), the previous copy is
    /// replaced (it was never released: marks change only before the answer), and the audit entry records who, which
    /// file, how many parts per ground and the copy's hash.
    /// </summary>
    private async Task<CaseResult<CaseAttachment>> SaveAsync(Actor actor, ApplicationCase c, CaseAttachment original, RedactionFile? opened,
        IReadOnlyList<RedactionMark> before, IReadOnlyList<RedactionMark> after, string action, string summary, Action<GongkaiDbContext> change,
        CancellationToken ct, string? auditBefore = null)
    {
        if (opened is null)
        {
            var file = await queries.FileAsync(original);
            if (file.File is null)
            {
                return new(ResultKind.Refused, Message: file.Refusal);
            }
            opened = file.File;
        }
        RedactedCopy? copy = null;
        if (after.Count > 0)
        {
            try
            {
                var marks = after.Select(ToWithheld).ToList();
                copy = await Task.Run(() => opened.Redact(marks), ct);
            }
            catch (RedactionException e)
            {
                return new(ResultKind.Refused, Message: $"无法生成“{original.FileName}”的公开版本：{e.Message}");
            }
        }
        await using var tx = await AuditChain.BeginWriteAsync(db, ct);
        var current = await db.RedactionMarks.AsNoTracking().Where(m => m.AttachmentId == original.Id).Select(m => new { m.Id, m.Ground }).ToListAsync(ct);
        var state = await db.Cases.AsNoTracking().Where(x => x.Id == c.Id).Select(x => x.Version).SingleAsync(ct);
        if (state != c.Version || current.Count != before.Count || current.Any(m => !before.Any(b => b.Id == m.Id && b.Ground == m.Ground)))
        {
            return new(ResultKind.Conflict, Message: "申请或其遮盖标记刚被他人修改，本次修改没有保存；请刷新页面后重试");
        }
        change(db);
        db.CaseAttachments.RemoveRange(await db.CaseAttachments.Where(a => a.RedactedFromId == original.Id).ToListAsync(ct));
        var originalRow = await db.CaseAttachments.SingleAsync(a => a.Id == original.Id, ct);
        CaseAttachment? released = null;
        if (copy is not null)
        {
            released = new CaseAttachment
            {
                CaseId = c.Id, FileName = copy.FileName, ContentType = copy.ContentType, Size = copy.Content.Length, Content = copy.Content,
                Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(copy.Content)), UploadedAt = clock.GetUtcNow(),
                UploadedBy = actor.DisplayName, ForApplicant = true, RedactedFromId = original.Id,
            };
            db.CaseAttachments.Add(released);
        }
        // The original is never released once it has marks; without marks it is again the file the applicant receives.
        originalRow.ForApplicant = released is null;
        await AuditChain.AppendAsync(db, new AuditEntry
        {
            UserId = actor.UserId, UserName = actor.DisplayName, AgencyId = c.AgencyId, EntityType = "case", EntityId = c.Id.ToString(), Action = action,
            Summary = released is null
                ? $"{summary}；已无遮盖，原件随答复提供"
                : $"{summary}；公开版“{released.FileName}”共遮盖{Count(after)}处（{Tally(after)}），SHA-256 {released.Sha256[..12]}…",
            Before = auditBefore,
            After = JsonSerializer.Serialize(new
            {
                Original = original.Id, original.FileName, Copy = released?.Id, released?.Sha256,
                Grounds = after.Where(m => !m.Continues).GroupBy(m => m.Ground).ToDictionary(g => g.Key, g => g.Count()),
            }, CaseService.SnapshotOptions),
        }, clock, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return CaseResult<CaseAttachment>.Ok(released ?? originalRow);
    }

    /// <summary>
    /// Every box of the part a mark belongs to: its first box and the boxes that continue it (a part wrapped over lines
    /// or read several ways has as many as it needs). They keep one ground and go together.
    /// </summary>
    private static List<RedactionMark> PartOf(IReadOnlyList<RedactionMark> ordered, RedactionMark mark)
    {
        var at = ordered.ToList().FindIndex(m => m.Id == mark.Id);
        var head = at;
        while (head > 0 && ordered[head].Continues)
        {
            head--;
        }
        return ordered.Skip(head).TakeWhile((m, i) => i == 0 || m.Continues).ToList();
    }

    /// <summary>The same part: the same box on the same page.</summary>
    private static bool Same(RedactionMark e, Withheld f) =>
        e.Page == f.Page && Math.Abs(e.X - f.Box.X) < 1 && Math.Abs(e.Y - f.Box.Y) < 1 && Math.Abs(e.Width - f.Box.Width) < 1 && Math.Abs(e.Height - f.Box.Height) < 1;

    private Withheld ToWithheld(RedactionMark m) =>
        new(m.Page, new PageRect(m.X, m.Y, m.Width, m.Height), WithholdingGround.Find(m.Ground)!, m.Source, m.ProtectedText is null ? null : textProtector.Unprotect(m.ProtectedText), m.Continues);

    private static RedactionMark Copy(RedactionMark m, string ground, string by, DateTimeOffset at) => new()
    {
        Id = m.Id, CaseId = m.CaseId, AttachmentId = m.AttachmentId, Sequence = m.Sequence, Page = m.Page, X = m.X, Y = m.Y, Width = m.Width, Height = m.Height,
        Ground = ground, Source = m.Source, ProtectedText = m.ProtectedText, MaskedText = m.MaskedText, Continues = m.Continues,
        MarkedAt = m.MarkedAt, MarkedBy = m.MarkedBy, ChangedBy = by, ChangedAt = at,
    };

    /// <summary>Parts, not boxes: a part wrapped over two lines is one.</summary>
    private static int Count(IEnumerable<RedactionMark> marks) => marks.Count(m => !m.Continues);

    private static string Tally(IEnumerable<RedactionMark> marks) =>
        string.Join("、", marks.Where(m => !m.Continues).GroupBy(m => m.Ground).Select(g => $"{g.Key}{g.Count()}处"));

    private static CaseResult<CaseAttachment> Invalid(string field, string message) =>
        new(ResultKind.Invalid, Message: message, Errors: new Dictionary<string, string> { [field] = message });
}
