using System.Globalization;
using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Audit;
using Gongkai.Data.Documents;
using Gongkai.Documents.Docx;
using Gongkai.Documents.Letters;
using Gongkai.Web.Features.Calendar;
using Gongkai.Web.Features.Cases;
using Gongkai.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Documents;

/// <summary>What staff add when issuing a document: the items to correct and their deadline, or the reconsideration body.</summary>
public sealed record IssueInput(string? Text, DateOnly? Deadline, string? ReviewBody);

/// <summary>
/// Issues a case's documents: fills the template from the case, numbers it (agency prefix, 〔year〕, kind,
/// sequence — taken inside the serialised write, so without gaps or duplicates), writes the DOCX, keeps
/// it as issued and records it in the audit trail.
/// </summary>
public sealed class DocumentService(GongkaiDbContext db, CalendarService calendars, CaseService cases, TimeProvider clock, PdfStore pdfs, Messages.Outbox outbox)
{
    /// <summary>The agency's own template of a kind, or Gongkai's default.</summary>
    public async Task<LetterTemplate> TemplateAsync(int agencyId, LetterKind kind, CancellationToken ct = default) =>
        await db.LetterTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.AgencyId == agencyId && t.Kind == kind.ToString(), ct) is { } own
            ? LetterTemplate.Parse(kind, own.Text)
            : DefaultTemplates.For(kind);

    /// <summary>The PDF of an issued document, made once from its DOCX by LibreOffice (usually in the background when it was issued) and kept.</summary>
    public Task<byte[]> PdfAsync(CaseDocument document, CancellationToken ct = default) =>
        document.Pdf is { } made ? Task.FromResult(made) : pdfs.LetterAsync(document.Id, document.Docx).WaitAsync(ct);

    public async Task<CaseResult<CaseDocument>> IssueAsync(Guid caseId, Actor actor, LetterKind kind, IssueInput input, CancellationToken ct = default)
    {
        var calendar = await calendars.CurrentAsync(ct);
        var today = calendars.Today;
        await using var tx = await AuditChain.BeginWriteAsync(db, ct);
        var c = await db.Cases.AsNoTracking().Include(x => x.Consultations).SingleOrDefaultAsync(x => x.Id == caseId, ct);
        if (c is null || !await cases.CanReadAsync(actor, c.AgencyId, ct))
        {
            return new(ResultKind.NotFound, Message: "找不到该申请");
        }
        if (c.AgencyId != actor.AgencyId)
        {
            return new(ResultKind.Forbidden, Message: "只能办理本机关的申请");
        }
        if (!actor.Has(StaffRole.Registrar) && !actor.Has(StaffRole.Handler))
        {
            return new(ResultKind.Forbidden, Message: $"只有登记员或承办人可以出具文书，您的角色是：{actor.RoleNames}");
        }
        if (Unavailable(c, kind) is { } why)
        {
            return new(ResultKind.Refused, Message: why);
        }
        // Every fact a letter states comes from the case: its date is the day of the step it records, 补正 items and period
        // as the notice recorded them (条例 第三十条), the extension's reason, the answer's date and released files.
        // Staff add free text only where the case holds none (a 缴费方式, the reconsideration body).
        var facts = await LetterFactsAsync(c, kind, input, calendar, today, ct);
        if (facts.Refusal is { } refusal)
        {
            return new(refusal.Kind, Message: refusal.Message, Errors: refusal.Errors);
        }
        var letterDate = facts.Date;
        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == c.AgencyId, ct);
        var counter = await db.DocumentCounters.SingleOrDefaultAsync(x => x.AgencyId == agency.Id && x.Year == letterDate.Year && x.Kind == kind.ToString(), ct);
        if (counter is null)
        {
            counter = new DocumentCounter { AgencyId = agency.Id, Year = letterDate.Year, Kind = kind.ToString() };
            db.DocumentCounters.Add(counter);
        }
        var sequence = counter.Next++;
        var number = Letter.FormatNumber(LetterCodeOf(agency), letterDate.Year, kind, sequence);
        var deadline = Gongkai.Cases.Deadlines.DeadlineCalculator.Compute(c.Clock, calendar, today);
        var reviewBody = string.IsNullOrWhiteSpace(input.ReviewBody) ? DefaultReviewBody(agency.Name) : input.ReviewBody.Trim();
        var consultation = c.Consultations.LastOrDefault();
        var fee = c.FeeBasis is { } basis
            ? Gongkai.Cases.Fees.FeeCalculator.Compute(basis, c.FeeQuantity, basis == Gongkai.Cases.Fees.FeeBasis.PerApplication ? await cases.EarlierApplicationsInMonthAsync(c, ct) : 0)
            : null;
        var values = new Dictionary<string, string>
        {
            ["申请人"] = c.Applicant.Name,
            ["受理编号"] = c.TrackingNumber,
            ["收到日期"] = Chinese(c.ReceivedOn),
            // The templates end these sentences themselves: a value's own full stop would double it (“…（按月份）。。”).
            ["申请内容"] = EndlessSentence(c.Request),
            ["机关"] = agency.Name,
            ["文号"] = number,
            ["日期"] = Chinese(letterDate),
            ["答复期限"] = deadline.AnswerDueOn is { } due ? Chinese(due) : "",
            ["补正事项"] = facts.CorrectionItems ?? "",
            ["补正期限"] = facts.CorrectionEndsOn is { } d ? Chinese(d) : "",
            ["延期天数"] = c.ExtensionWorkingDays.ToString(CultureInfo.InvariantCulture),
            ["延期理由"] = EndlessSentence(c.ExtensionReason ?? input.Text?.Trim() ?? ""),
            ["延长后期限"] = deadline.AnswerDueOn is { } extended ? Chinese(extended) : "",
            ["征求对象"] = consultation?.Party ?? "",
            ["意见期限"] = consultation is null ? "" : Chinese(calendar.AddWorkingDays(consultation.StartedOn, 15)),
            ["办理结果"] = CaseView.PublicOutcome(c.OutcomeRow) ?? "",
            ["答复内容"] = WithoutLeadIn(c.AnswerText),
            ["法律依据"] = c.LegalBasis ?? "",
            ["复议机关"] = reviewBody,
            ["救济途径"] = c.OutcomeRow is null ? "" : DefaultTemplates.Remedies(c.OutcomeRow, reviewBody),
            ["收费方式"] = fee is null ? "" : Gongkai.Cases.Fees.FeeCalculator.Label(fee.Basis),
            ["收费明细"] = fee is null ? "" : Gongkai.Cases.Fees.FeeCalculator.Describe(fee),
            ["收费金额"] = c.FeeBasis is null ? "" : c.FeeYuan.ToString("0.##", CultureInfo.InvariantCulture),
            ["缴费期限"] = c.PaymentDueOn(calendar) is { } payBy ? Chinese(payBy) : "",
            ["缴费方式"] = kind == LetterKind.FeeNotice && !string.IsNullOrWhiteSpace(input.Text) ? input.Text.Trim() : "按本机关提供的非税收入缴款通知缴入国库，缴费后请保留票据。",
            ["负责机关说明"] = c.CompetentAgency is { } competent
                ? $"经查，您申请公开的信息不属于本机关负责公开。根据《中华人民共和国政府信息公开条例》第三十六条第五项的规定，负责公开该政府信息的行政机关为：{competent}。"
                : "",
            ["附件"] = string.Join("、", facts.Attachments),
            ["不予公开部分"] = kind == LetterKind.Answer ? await WithheldPartsAsync(c.Id, ct) : "",
        };
        var letter = Letter.Compose(WithWithheldParts(await TemplateAsync(agency.Id, kind, ct), values["不予公开部分"]), values) with { Attachments = kind == LetterKind.Answer ? facts.Attachments : [] };
        var document = new CaseDocument
        {
            CaseId = c.Id, AgencyId = agency.Id, Kind = kind.ToString(), Year = letterDate.Year, Sequence = sequence, Number = number,
            IssuedOn = letterDate, IssuedBy = actor.DisplayName, Docx = DocxWriter.Write(letter),
        };
        db.CaseDocuments.Add(document);
        if (MessageFor(kind) is { } message)
        {
            // The letter goes to the applicant by e-mail (PDF attached) and a short text, in the same write as its issue.
            await outbox.ToApplicantAsync(c, agency.Name, message, new Dictionary<string, string>
            {
                ["文书"] = kind.Title(), ["文号"] = number, ["补正期限"] = values["补正期限"],
            }, document.Id, ct);
        }
        await AuditChain.AppendAsync(db, new AuditEntry
        {
            UserId = actor.UserId, UserName = actor.DisplayName, AgencyId = c.AgencyId, EntityType = "case", EntityId = c.Id.ToString(),
            Action = "IssueDocument", Summary = $"出具{kind.Title()}（{number}）", After = number,
        }, clock, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        pdfs.Prepare(document.Id);
        return CaseResult<CaseDocument>.Ok(document);
    }

    /// <summary>
    /// The withheld parts of the released files, by file, ground and page, from the redaction marks (条例 第三十七条:
    /// the reasons for what is not disclosed); "" when nothing is withheld.
    /// </summary>
    public async Task<string> WithheldPartsAsync(Guid caseId, CancellationToken ct = default)
    {
        var copies = await db.CaseAttachments.AsNoTracking().Where(a => a.CaseId == caseId && a.ForApplicant && a.WithdrawnAt == null && a.RedactedFromId != null)
            .Select(a => new { a.FileName, Original = a.RedactedFromId!.Value }).ToListAsync(ct);
        var originals = copies.Select(x => x.Original).ToList();
        var marks = await db.RedactionMarks.AsNoTracking().Where(m => originals.Contains(m.AttachmentId) && !m.Continues)
            .OrderBy(m => m.Sequence).Select(m => new { m.AttachmentId, m.Page, m.Ground }).ToListAsync(ct);
        return Gongkai.Documents.Redaction.WithheldSummary.Describe(marks.Select(m => new Gongkai.Documents.Redaction.WithheldSummary.Part(
            copies.First(x => x.Original == m.AttachmentId).FileName, m.Page, Gongkai.Documents.Redaction.WithholdingGround.Find(m.Ground)!)));
    }

    /// <summary>
    /// An agency's own answer template written before Gongkai knew the withheld parts has no {不予公开部分}: the paragraph
    /// goes after the answer's content, so no 部分公开 letter leaves out its reasons.
    /// </summary>
    private static LetterTemplate WithWithheldParts(LetterTemplate template, string withheld)
    {
        if (withheld.Length == 0 || template.Paragraphs.Any(p => p.Contains("{不予公开部分}", StringComparison.Ordinal)))
        {
            return template;
        }
        var paragraphs = template.Paragraphs.ToList();
        var after = paragraphs.FindIndex(p => p.Contains("{答复内容}", StringComparison.Ordinal));
        paragraphs.Insert(after < 0 ? paragraphs.Count : after + 1, "{不予公开部分}");
        return template with { Paragraphs = paragraphs };
    }

    /// <summary>A clause without its closing punctuation, for a template that goes on after it.</summary>
    public static string EndlessSentence(string text) => text.Trim().TrimEnd('。', '；', ';', '.', '，', ',', ' ');

    /// <summary>The message that carries a letter to the applicant; none for the receipt (sent on registration) and the consultation letters (to others).</summary>
    public static Messages.MessageKind? MessageFor(LetterKind kind) => kind switch
    {
        LetterKind.CorrectionNotice => Messages.MessageKind.CorrectionNotice,
        LetterKind.ExtensionNotice => Messages.MessageKind.ExtensionNotice,
        LetterKind.FeeNotice => Messages.MessageKind.FeeNotice,
        LetterKind.Answer => Messages.MessageKind.Answer,
        _ => null,
    };

    /// <summary>The 机关代字 letters are numbered with (e.g. 新公信), or the tracking prefix where the agency set none.</summary>
    public static string LetterCodeOf(Gongkai.Cases.Agencies.Agency agency) => string.IsNullOrWhiteSpace(agency.LetterCode) ? agency.TrackingPrefix : agency.LetterCode;

    /// <summary>What a letter states that the case holds, or why the letter cannot say it.</summary>
    private sealed record LetterFacts(DateOnly Date, string? CorrectionItems, DateOnly? CorrectionEndsOn, IReadOnlyList<string> Attachments, CaseResult<object>? Refusal = null);

    private async Task<LetterFacts> LetterFactsAsync(ApplicationCase c, LetterKind kind, IssueInput input, Gongkai.Cases.Calendar.WorkingDayCalendar calendar, DateOnly today, CancellationToken ct)
    {
        static LetterFacts Refuse(string field, string message) =>
            new(default, null, null, [], new CaseResult<object>(ResultKind.Refused, Message: message, Errors: new Dictionary<string, string> { [field] = message }));
        switch (kind)
        {
            case LetterKind.CorrectionNotice:
            {
                var recordedEnd = c.CorrectionPeriodEndsOn(calendar);
                var items = c.CorrectionItems;
                if (items is null)
                {
                    // A case brought in from a ledger records the notice's date but not its items: staff state them once here.
                    if (string.IsNullOrWhiteSpace(input.Text))
                    {
                        return new(default, null, null, [], new CaseResult<object>(ResultKind.Invalid, Message: "请填写需要补正的事项",
                            Errors: new Dictionary<string, string> { ["Text"] = "该申请未记录补正事项，请填写需要补正的事项" }));
                    }
                    items = input.Text.Trim();
                }
                else if (!string.IsNullOrWhiteSpace(input.Text) && input.Text.Trim() != items)
                {
                    return Refuse("Text", $"补正事项以告知补正时的记录为准（“{items}”），告知书不能写成其他事项；条例第三十条要求一次性告知");
                }
                if (input.Deadline is { } typed && typed != recordedEnd)
                {
                    return Refuse("Deadline", $"补正期限以记录为准：至{recordedEnd:yyyy年M月d日}（告知补正之日起{c.CorrectionPeriodWorkingDays}个工作日），告知书不能写成{typed:yyyy年M月d日}");
                }
                return new(c.CorrectionRequestedOn ?? today, items, recordedEnd, []);
            }
            case LetterKind.Answer:
            {
                var released = await ReleasedFileNamesAsync(c.Id, ct);
                if (MentionsAttachment(c.AnswerText) && released.Count == 0)
                {
                    return Refuse("File", "答复内容写有“见附件”，但没有标记为随答复提供给申请人的附件；请先上传并标记附件，或修改答复内容");
                }
                return new(c.ClosedOn ?? today, null, null, released);
            }
            case LetterKind.Receipt:
                return new(c.ReceivedOn, null, null, []);
            case LetterKind.ExtensionNotice:
                return new(c.ExtendedOn ?? today, null, null, []);
            case LetterKind.ThirdPartyConsultation or LetterKind.AgencyConsultation:
                return new(c.Consultations.LastOrDefault()?.StartedOn ?? today, null, null, []);
            case LetterKind.FeeNotice:
                return new(c.FeeNoticeOn ?? today, null, null, []);
            default:
                return new(today, null, null, []);
        }
    }

    /// <summary>
    /// The answer without the "经查，" its writer often starts with: the letter already says "经审查，现答复如下：", and
    /// "现答复如下：经查，" reads as the same words twice.
    /// </summary>
    public static string WithoutLeadIn(string? answer)
    {
        var text = (answer ?? "").TrimStart();
        foreach (var lead in new[] { "经审查，", "经审查,", "经核查，", "经查，", "经查,", "经查：" })
        {
            if (text.StartsWith(lead, StringComparison.Ordinal))
            {
                return text[lead.Length..].TrimStart();
            }
        }
        return text;
    }

    /// <summary>Whether an answer refers the applicant to attached files (见附件, 详见附件 …).</summary>
    public static bool MentionsAttachment(string? answer) => answer is not null && answer.Contains("见附件", StringComparison.Ordinal);

    /// <summary>The names of the files released with the answer (随答复提供, not withdrawn), in upload order.</summary>
    public async Task<IReadOnlyList<string>> ReleasedFileNamesAsync(Guid caseId, CancellationToken ct = default) =>
        (await db.CaseAttachments.AsNoTracking().Where(a => a.CaseId == caseId && a.ForApplicant && a.WithdrawnAt == null)
            .Select(a => new { a.FileName, a.UploadedAt }).ToListAsync(ct)).OrderBy(a => a.UploadedAt).Select(a => a.FileName).ToList();

    /// <summary>Why a kind of document cannot be issued in the case's present state, or null.</summary>
    public static string? Unavailable(ApplicationCase c, LetterKind kind) => c.State == CaseState.Voided ? "该登记已作废，不能再出具文书" : kind switch
    {
        LetterKind.Receipt => null,
        LetterKind.CorrectionNotice => c.State == CaseState.AwaitingCorrection ? null : "只有处于“补正中”的申请才能出具补正告知书",
        LetterKind.ExtensionNotice => c.ExtensionWorkingDays > 0 ? null : "申请未经批准延期，不能出具延期答复告知书",
        LetterKind.ThirdPartyConsultation or LetterKind.AgencyConsultation => c.Consultations.Count > 0 ? null : "申请未征求意见，不能出具征求意见文书",
        LetterKind.Answer => c.State is CaseState.Answered or CaseState.Archived && c.State != CaseState.Withdrawn ? null : "申请尚未答复，不能出具答复书",
        LetterKind.FeeNotice => c.FeeNoticeOn is not null ? null : "申请未决定收费，请先在办理操作中“发出收费通知”并填写收费方式和数量",
    };

    public async Task<IReadOnlyList<CaseDocument>> ListAsync(Guid caseId, CancellationToken ct = default) =>
        (await db.CaseDocuments.AsNoTracking().Where(d => d.CaseId == caseId)
            .Select(d => new CaseDocument { Id = d.Id, CaseId = d.CaseId, AgencyId = d.AgencyId, Kind = d.Kind, Year = d.Year, Sequence = d.Sequence, Number = d.Number, IssuedOn = d.IssuedOn, IssuedBy = d.IssuedBy })
            .ToListAsync(ct)).OrderBy(d => d.IssuedOn).ThenBy(d => d.Kind, StringComparer.Ordinal).ThenBy(d => d.Sequence).ToList();

    public async Task<CaseDocument?> FindAsync(Guid caseId, Guid documentId, CancellationToken ct = default) =>
        await db.CaseDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.CaseId == caseId && d.Id == documentId, ct);

    /// <summary>The latest answer letter of a case, for the applicant.</summary>
    public async Task<CaseDocument?> LatestAnswerAsync(Guid caseId, CancellationToken ct = default) =>
        (await db.CaseDocuments.AsNoTracking().Where(d => d.CaseId == caseId && d.Kind == nameof(LetterKind.Answer)).ToListAsync(ct))
            .OrderByDescending(d => d.Year).ThenByDescending(d => d.Sequence).FirstOrDefault();

    /// <summary>A city or county bureau's reconsideration body is the people's government at its level (行政复议法 第二十四条); staff may correct it.</summary>
    public static string DefaultReviewBody(string agencyName)
    {
        var cut = agencyName.IndexOf("公安", StringComparison.Ordinal);
        return cut > 0 && agencyName[cut - 1] is '市' or '县' or '区' ? agencyName[..cut] + "人民政府" : "本级人民政府";
    }

    private static string Chinese(DateOnly d) => string.Create(CultureInfo.InvariantCulture, $"{d.Year}年{d.Month}月{d.Day}日");

    public const string PdfUnavailable = "暂时无法生成 PDF，请下载 Word 版本";

    public const string DocxContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>The document as DOCX, or as PDF when <paramref name="format"/> is “pdf”; a failed conversion becomes a 503 with the reason.</summary>
    public async Task<IResult> DownloadAsync(CaseDocument d, string? format, CancellationToken ct = default)
    {
        var file = await FileAsync(d, format, ct);
        return file.Value is { } f ? Results.File(f.Bytes, f.ContentType, f.FileName) : Results.Problem(statusCode: 503, title: PdfUnavailable, detail: file.Error);
    }

    /// <summary>
    /// The letter as Word, or as PDF when <paramref name="format"/> is "pdf" — or, when no PDF can be made now, the
    /// reason (the caller offers Word beside it: staff get a problem document, the applicant the status page).
    /// </summary>
    public async Task<Outcome<LetterFile>> FileAsync(CaseDocument d, string? format, CancellationToken ct = default)
    {
        if (!string.Equals(format, "pdf", StringComparison.OrdinalIgnoreCase))
        {
            return Outcome<LetterFile>.Ok(new LetterFile(d.Docx, DocxContentType, $"{d.Number}.docx"));
        }
        try
        {
            return Outcome<LetterFile>.Ok(new LetterFile(await PdfAsync(d, ct), "application/pdf", $"{d.Number}.pdf"));
        }
        catch (Gongkai.Documents.Pdf.PdfConversionException e)
        {
            return e.Message;
        }
    }
}

/// <summary>A letter ready to download.</summary>
public sealed record LetterFile(byte[] Bytes, string ContentType, string FileName);

/// <summary>Lets a page handler return the same download result the API returns.</summary>
public sealed class HttpResultAction(IResult result) : Microsoft.AspNetCore.Mvc.IActionResult
{
    public Task ExecuteResultAsync(Microsoft.AspNetCore.Mvc.ActionContext context) => result.ExecuteAsync(context.HttpContext);
}

public static class DocumentEndpoints
{
    public static void MapDocumentEndpoints(this RouteGroupBuilder api)
    {
        var documents = api.MapGroup("/cases/{id:guid}/documents").WithTags("文书");
        documents.MapGet("/", async (Guid id, Infrastructure.CurrentStaff staff, CaseService cases, DocumentService service, CancellationToken ct) =>
            await cases.FindReadableAsync(staff.Actor, id, ct) is null
                ? Results.Problem(statusCode: 404, title: "找不到该申请")
                : Results.Ok((await service.ListAsync(id, ct)).Select(d => new { d.Id, d.Kind, d.Number, d.IssuedOn, d.IssuedBy })))
            .WithSummary("申请已出具的文书");
        documents.MapPost("/{kind}", async (Guid id, string kind, IssueInput input, Infrastructure.CurrentStaff staff, DocumentService service, CancellationToken ct) =>
        {
            if (!Infrastructure.ApiErrors.TryParseName<LetterKind>(kind, out var k))
            {
                return Results.Problem(statusCode: 404, title: $"没有“{kind}”这种文书", detail: "可用：" + string.Join("、", Enum.GetNames<LetterKind>()));
            }
            var result = await service.IssueAsync(id, staff.Actor, k, input, ct);
            return result.IsOk
                ? Results.Created($"/api/cases/{id}/documents/{result.Value!.Id}", new { result.Value.Id, result.Value.Number, result.Value.Kind })
                : CaseEndpoints.Problem(result);
        }).WithSummary("出具文书：Receipt、CorrectionNotice、ExtensionNotice、ThirdPartyConsultation、AgencyConsultation、Answer、FeeNotice（DOCX，按 GB/T 9704 排版）");
        documents.MapGet("/{documentId:guid}", async (Guid id, Guid documentId, string? format, Infrastructure.CurrentStaff staff, CaseService cases, DocumentService service, CancellationToken ct) =>
            await cases.FindReadableAsync(staff.Actor, id, ct) is not null && await service.FindAsync(id, documentId, ct) is { } d
                ? await service.DownloadAsync(d, format, ct)
                : Results.Problem(statusCode: 404, title: "找不到该文书"))
            .WithSummary("下载文书：DOCX，或 ?format=pdf 得到由同一 DOCX 经 LibreOffice 转成的 PDF");
        documents.MapPost("/{documentId:guid}/deliveries", async (Guid id, Guid documentId, DeliveryInput input, Infrastructure.CurrentStaff staff, DeliveryService deliveries, CancellationToken ct) =>
        {
            var result = await deliveries.RecordAsync(staff.Actor, id, documentId, input, ct);
            return result.IsOk
                ? Results.Created($"/api/cases/{id}/deliveries", Delivery(result.Value!))
                : CaseEndpoints.Problem(result);
        }).WithSummary("登记送达：{method: InPerson 当面 | Post 邮寄 | Sms 短信, deliveredOn, postalNumber（邮寄时必填，如 EMS 单号）, note}；补正告知书的送达日期决定补正期限的起算（条例第三十条）。电子邮件和在线下载由系统自动登记");
        api.MapGet("/cases/{id:guid}/deliveries", async (Guid id, Infrastructure.CurrentStaff staff, CaseService cases, DeliveryService deliveries, CancellationToken ct) =>
            await cases.FindReadableAsync(staff.Actor, id, ct) is null
                ? Results.Problem(statusCode: 404, title: "找不到该申请")
                : Results.Ok((await deliveries.ListAsync(id, ct)).Select(Delivery)))
            .WithTags("文书").WithSummary("申请的全部送达记录：文书、方式、日期、邮件号码、登记人");
        api.MapGet("/cases/{id:guid}/messages", async (Guid id, Infrastructure.CurrentStaff staff, CaseService cases, Messages.OutboxAdmin outbox, CancellationToken ct) =>
            await cases.FindReadableAsync(staff.Actor, id, ct) is null
                ? Results.Problem(statusCode: 404, title: "找不到该申请")
                : Results.Ok(await outbox.ForCaseAsync(id, ct)))
            .WithTags("消息发送").WithSummary("发给申请人的电子邮件和短信及其发送状态（发送失败的可经 POST /api/outbox/{id}/resend 重新发送）");
    }

    private static object Delivery(Gongkai.Data.Documents.DocumentDelivery d) =>
        new { d.Id, d.DocumentId, Method = d.Method.ToString(), MethodLabel = Gongkai.Data.Documents.DeliveryMethods.Label(d.Method), d.DeliveredOn, d.PostalNumber, d.Note, d.RecordedBy, d.RecordedAt };
}
