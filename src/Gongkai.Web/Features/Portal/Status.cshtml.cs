using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Gongkai.Web.Features.Portal;

[EnableRateLimiting(Infrastructure.Setup.PortalRateLimit)]
public sealed class StatusModel(PortalService portal, Documents.DocumentService documents) : PageModel
{
    [BindProperty] public string? TrackingNumber { get; set; }
    [BindProperty] public string? Code { get; set; }

    public PublicStatus? Result { get; private set; }

    public string? Error { get; private set; }

    public string? AnswerLetterNumber { get; private set; }

    /// <summary>The disclosed information attached to the answer (“见附件”).</summary>
    public IReadOnlyList<Gongkai.Data.Attachments.CaseAttachment> Files { get; private set; } = [];

    /// <summary>The caller's address (behind a reverse proxy, as forwarded by it when configured).</summary>
    private string Client => HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        (Result, Error) = await portal.LookupAsync(TrackingNumber, Code, Client, ct);
        if (Error is not null)
        {
            Response.StatusCode = Error.Contains("过多", StringComparison.Ordinal) ? 429 : 400;
        }
        else
        {
            AnswerLetterNumber = (await documents.LatestAnswerAsync(Result!.CaseId, ct))?.Number;
            Files = await portal.DisclosedFilesAsync(Result, ct);
        }
        return Page();
    }

    /// <summary>A disclosed file, for whoever again shows the tracking number and the right code (every attempt counts toward the lock-out).</summary>
    public async Task<IActionResult> OnPostFileAsync(Guid fileId, CancellationToken ct)
    {
        (Result, Error) = await portal.LookupAsync(TrackingNumber, Code, Client, ct);
        if (Error is null && await portal.DisclosedFileAsync(Result!, fileId, ct) is { } file)
        {
            return File(file.Content, file.ContentType, file.FileName);
        }
        Error ??= "找不到该文件";
        Response.StatusCode = 400;
        return Page();
    }

    /// <summary>The answer letter, for whoever again shows the tracking number and the right code.</summary>
    public async Task<IActionResult> OnPostLetterAsync(string? format, CancellationToken ct)
    {
        (Result, Error) = await portal.LookupAsync(TrackingNumber, Code, Client, ct);
        if (Error is null && await documents.LatestAnswerAsync(Result!.CaseId, ct) is { } letter)
        {
            if ((await documents.FileAsync(letter, format, ct)).Value is { } file)
            {
                return File(file.Bytes, file.ContentType, file.FileName);
            }
            // No PDF now: the same page again, with its Word button beside the message — the applicant is never left with an error alone.
            AnswerLetterNumber = letter.Number;
            Files = await portal.DisclosedFilesAsync(Result, ct);
            Error = Documents.DocumentService.PdfUnavailable;
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }
        Error ??= "尚无可下载的答复书";
        Response.StatusCode = 400;
        return Page();
    }
}
