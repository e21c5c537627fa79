using Gongkai.Web.Features.Cases;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Gongkai.Web.Features.Portal;

[EnableRateLimiting(Infrastructure.Setup.PortalRateLimit)]
[RequestSizeLimit(PortalService.MaxPublicFiles * Gongkai.Data.Attachments.AttachmentRules.MaxBytes + 1_000_000)]
[RequestFormLimits(MultipartBodyLengthLimit = PortalService.MaxPublicFiles * Gongkai.Data.Attachments.AttachmentRules.MaxBytes + 1_000_000)]
public sealed class ApplyModel(PortalChallenges challenges, Infrastructure.AgencyDirectory agencies, Messages.SmtpSettings smtp) : PageModel
{
    [BindProperty(SupportsGet = true)] public int AgencyId { get; set; }
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? IdType { get; set; } = "居民身份证";
    [BindProperty] public string? IdNumber { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Address { get; set; }
    [BindProperty(Name = "Request")] public string? RequestText { get; set; }
    [BindProperty] public string? DeliveryForm { get; set; }
    [BindProperty] public string? Answer { get; set; }
    [BindProperty] public string? ChallengeToken { get; set; }
    [BindProperty] public string? Website { get; set; }
    [BindProperty] public List<IFormFile> Files { get; set; } = [];

    public IReadOnlyList<(int Id, string Name)> Agencies { get; private set; } = [];

    public Challenge Question { get; private set; } = null!;

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync([FromServices] PortalService portal, CancellationToken ct)
    {
        var (submissionKey, challenge) = challenges.Check(ChallengeToken, Answer);
        if (challenge is not null || !string.IsNullOrEmpty(Website))
        {
            // Every other field's problem is reported with the failed check, so the applicant fixes all at once.
            var errors = await portal.ValidateAsync(AgencyId, Input(), ct);
            errors["Answer"] = challenge ?? "验证未通过";
            Errors = errors;
            Message = errors.Count == 1 ? "请完成验证题后再提交" : $"有{errors.Count}项需要修改，请按提示修改后再提交";
            return await Again(ct);
        }
        var files = new List<(string, byte[])>();
        foreach (var file in Files.Where(f => f.Length > 0 || f.FileName.Length > 0))
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            files.Add((file.FileName, buffer.ToArray()));
        }
        var (result, code) = await portal.SubmitAsync(AgencyId, Input(), files, submissionKey!, ct);
        if (result.IsOk)
        {
            TempData["TrackingNumber"] = result.Value!.TrackingNumber;
            TempData["QueryCode"] = code;
            TempData["ReceivedOn"] = result.Value.ReceivedOn.ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture);
            // Promised only when this installation sends mail at all (found by the tryout: a receipt promised, never sent).
            if (smtp.Configured && Messages.Outbox.IsEmail(result.Value.Applicant.Email))
            {
                TempData["Mailed"] = result.Value.Applicant.Email;
            }
            var receiving = (await agencies.FindAsync(result.Value.AgencyId, ct))?.Name;
            // Sent to an agency nobody staffs, the application is received by its parent: the applicant is told who has it.
            TempData["Agency"] = result.Value.AgencyId == AgencyId
                ? receiving
                : $"{receiving}（您选择的{(await agencies.FindAsync(AgencyId, ct))?.Name}暂未在本系统办理申请，由其上级机关接收）";
            return RedirectToPage("Receipt");
        }
        Errors = result.Errors ?? new Dictionary<string, string>();
        Message = result.Message;
        return await Again(ct);
    }

    private RegisterInput Input() => new(Category, Name, IdType, IdNumber, Phone, Email, Address, null, null, RequestText, DeliveryForm);

    private async Task<IActionResult> Again(CancellationToken ct)
    {
        await LoadAsync(ct);
        Response.StatusCode = 400;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Agencies = (await agencies.ActiveAsync(ct)).Select(a => (a.Id, a.Name)).ToList();
        Question = challenges.New();
    }
}
