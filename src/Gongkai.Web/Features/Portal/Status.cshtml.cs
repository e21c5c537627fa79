using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Gongkai.Web.Features.Portal;

/// <summary>
/// 查询办理进度: with the tracking number and query code, the applicant sees where the case stands, every document issued
/// to them (Word and PDF, with its 送达), replies to a 补正 notice online and may withdraw the application. Every form
/// carries the number and code again: each post is looked up anew and counts toward the lock-out.
/// </summary>
[EnableRateLimiting(Infrastructure.Setup.PortalRateLimit)]
[RequestSizeLimit(PortalService.MaxPublicFiles * Gongkai.Data.Attachments.AttachmentRules.MaxBytes + 1_000_000)]
[RequestFormLimits(MultipartBodyLengthLimit = PortalService.MaxPublicFiles * Gongkai.Data.Attachments.AttachmentRules.MaxBytes + 1_000_000)]
public sealed class StatusModel(PortalService portal, Documents.DocumentService documents, ApplicantSide applicant) : PageModel
{
    [BindProperty] public string? TrackingNumber { get; set; }
    [BindProperty] public string? Code { get; set; }

    /// <summary>The 补正 reply's text, kept in the form when something else was wrong.</summary>
    [BindProperty] public string? ReplyText { get; set; }

    [BindProperty] public List<IFormFile> ReplyFiles { get; set; } = [];

    [BindProperty] public string? WithdrawReason { get; set; }

    [BindProperty] public bool ConfirmWithdraw { get; set; }

    public PublicStatus? Result { get; private set; }

    public string? Error { get; private set; }

    /// <summary>What was done just now (补正 received, application withdrawn), said once above the status.</summary>
    public string? Done { get; private set; }

    public IReadOnlyDictionary<string, string> FieldErrors { get; private set; } = new Dictionary<string, string>();

    public string? AnswerLetterNumber { get; private set; }

    /// <summary>The disclosed information attached to the answer (“见附件”).</summary>
    public IReadOnlyList<Gongkai.Data.Attachments.CaseAttachment> Files { get; private set; } = [];

    public IReadOnlyList<ApplicantDocument> Documents { get; private set; } = [];

    /// <summary>The online reply to the current 补正 notice, once sent.</summary>
    public Gongkai.Data.Cases.CorrectionReply? Reply { get; private set; }

    /// <summary>The caller's address (behind a reverse proxy, as forwarded by it when configured).</summary>
    private string Client => HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct) => await LookupAsync(ct) ? await ShowAsync(ct) : Refused();

    /// <summary>A disclosed file, for whoever again shows the tracking number and the right code (every attempt counts toward the lock-out).</summary>
    public async Task<IActionResult> OnPostFileAsync(Guid fileId, CancellationToken ct)
    {
        if (await LookupAsync(ct) && await portal.DisclosedFileAsync(Result!, fileId, ct) is { } file)
        {
            return File(file.Content, file.ContentType, file.FileName);
        }
        Error ??= "找不到该文件";
        return Refused();
    }

    /// <summary>The answer letter (kept for links made before every document was listed).</summary>
    public async Task<IActionResult> OnPostLetterAsync(string? format, CancellationToken ct)
    {
        if (await LookupAsync(ct) && await documents.LatestAnswerAsync(Result!.CaseId, ct) is { } letter)
        {
            return await DocumentAsync(letter.Id, format, ct);
        }
        Error ??= "尚无可下载的答复书";
        return Refused();
    }

    /// <summary>Any document issued to the applicant, as Word or PDF; the first download is recorded as its 在线 delivery.</summary>
    public async Task<IActionResult> OnPostDocumentAsync(Guid documentId, string? format, CancellationToken ct) =>
        await LookupAsync(ct) ? await DocumentAsync(documentId, format, ct) : Refused();

    public async Task<IActionResult> OnPostCorrectionAsync(CancellationToken ct)
    {
        if (!await LookupAsync(ct))
        {
            return Refused();
        }
        var files = new List<(string, byte[])>();
        foreach (var file in ReplyFiles.Where(f => f.Length > 0 || f.FileName.Length > 0))
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            files.Add((file.FileName, buffer.ToArray()));
        }
        var result = await applicant.ReplyToCorrectionAsync(Result!.CaseId, ReplyText, files, ct);
        if (!result.IsOk)
        {
            Error = result.Message;
            FieldErrors = result.Errors ?? new Dictionary<string, string>();
            Response.StatusCode = 400;
            return await ShowAsync(ct, lookUpAgain: true);
        }
        var receipt = result.Value!;
        Done = $"补正已收到（回执编号{receipt.ReceiptNumber}，收到日期{receipt.ReceivedOn:yyyy年M月d日}"
            + (receipt.Files.Count > 0 ? $"，材料：{string.Join("、", receipt.Files)}" : "") + "）。"
            + (receipt.AnswerDueOn is { } due ? $"答复期限自收到补正之日起重新计算，至{due:yyyy年M月d日}（条例第三十条、第三十三条）。" : "");
        ReplyText = null;
        return await ShowAsync(ct, lookUpAgain: true);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct)
    {
        if (!await LookupAsync(ct))
        {
            return Refused();
        }
        if (!ConfirmWithdraw)
        {
            Error = "请勾选“我确认撤回本申请”后再提交";
            FieldErrors = new Dictionary<string, string> { ["ConfirmWithdraw"] = Error };
            Response.StatusCode = 400;
            return await ShowAsync(ct);
        }
        var result = await applicant.WithdrawAsync(Result!.CaseId, WithdrawReason, ct);
        if (!result.IsOk)
        {
            Error = result.Message;
            FieldErrors = result.Errors ?? new Dictionary<string, string>();
            Response.StatusCode = 400;
            return await ShowAsync(ct, lookUpAgain: true);
        }
        Done = $"您的申请已于{result.Value!.ClosedOn:yyyy年M月d日}撤回，本机关不再办理。如仍需要相关信息，可以重新提出申请。";
        return await ShowAsync(ct, lookUpAgain: true);
    }

    private async Task<IActionResult> DocumentAsync(Guid documentId, string? format, CancellationToken ct)
    {
        var file = await applicant.DocumentFileAsync(Result!.CaseId, documentId, format, ct);
        if (file.Value is { } f)
        {
            return File(f.Bytes, f.ContentType, f.FileName);
        }
        // No PDF now: the same page again, with its Word button beside the message — the applicant is never left with an error alone.
        Error = file.Error == "找不到该文书" ? file.Error : Documents_PdfUnavailable;
        Response.StatusCode = file.Error == "找不到该文书" ? 400 : StatusCodes.Status503ServiceUnavailable;
        return await ShowAsync(ct);
    }

    private const string Documents_PdfUnavailable = Gongkai.Web.Features.Documents.DocumentService.PdfUnavailable;

    private async Task<bool> LookupAsync(CancellationToken ct)
    {
        (Result, Error) = await portal.LookupAsync(TrackingNumber, Code, Client, ct);
        return Error is null;
    }

    private IActionResult Refused()
    {
        Response.StatusCode = Error is not null && Error.Contains("过多", StringComparison.Ordinal) ? 429 : 400;
        return Page();
    }

    /// <param name="lookUpAgain">After a change the status is read again (without counting another attempt: the code was just checked).</param>
    private async Task<IActionResult> ShowAsync(CancellationToken ct, bool lookUpAgain = false)
    {
        if (lookUpAgain)
        {
            Result = await portal.StatusAsync(Result!.CaseId, ct);
        }
        var s = Result!;
        AnswerLetterNumber = (await documents.LatestAnswerAsync(s.CaseId, ct))?.Number;
        Files = await portal.DisclosedFilesAsync(s, ct);
        Documents = await applicant.DocumentsAsync(s.CaseId, ct);
        Reply = await applicant.ReplyAsync(s.CaseId, ct);
        return Page();
    }

    public string? Err(string field) => FieldErrors.GetValueOrDefault(field);
}
