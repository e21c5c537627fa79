using Gongkai.Cases.Agencies;
using Gongkai.Data;
using Gongkai.Data.Setup;
using Gongkai.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gongkai.Web.Features.Setup;

/// <summary>
/// 初始设置: served only while the database has no agency (a real agency's first start, demo data off). Creates
/// the top agency, its disclosure office's contact details and the first administrator; afterwards the page is gone (404).
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(GongkaiDbContext db, SetupGate gate, TimeProvider clock, SetupCode setupCode) : PageModel
{
    /// <summary>初始设置码, asked for on an installed system (<see cref="SetupCode"/>).</summary>
    [BindProperty]
    public string? Code { get; set; }

    public bool CodeRequired => setupCode.Required;

    public string CodeFile => setupCode.Path;

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Kind { get; set; } = "市局";

    [BindProperty]
    public string? TrackingPrefix { get; set; }

    [BindProperty]
    public string? Address { get; set; }

    [BindProperty]
    public string? Hours { get; set; }

    [BindProperty]
    public string? Phone { get; set; }

    [BindProperty]
    public string? Fax { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Postcode { get; set; }

    [BindProperty]
    public string? AdminUserName { get; set; }

    [BindProperty]
    public string? AdminDisplayName { get; set; }

    [BindProperty]
    public string? AdminPassword { get; set; }

    [BindProperty]
    public string? AdminPasswordAgain { get; set; }

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public static IReadOnlyList<(AgencyKind Kind, string Label)> Kinds { get; } =
        Enum.GetValues<AgencyKind>().Select(k => (k, Agency.KindLabel(k))).ToArray();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await gate.IsDoneAsync(db, ct) ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await gate.IsDoneAsync(db, ct))
        {
            return NotFound();
        }
        if (!setupCode.Accepts(Code))
        {
            return Refused(new Dictionary<string, string> { [nameof(Code)] = string.IsNullOrWhiteSpace(Code) ? "请填写初始设置码" : "初始设置码不正确" });
        }
        var input = new FirstAgencyInput(Name, Kind, TrackingPrefix, new DisclosureOffice(Address, Hours, Phone, Fax, Email, Postcode),
            AdminUserName, AdminDisplayName, AdminPassword);
        if (AdminPassword != AdminPasswordAgain)
        {
            var errors = FirstAgencySetup.Validate(input);
            errors[nameof(AdminPasswordAgain)] = "两次输入的密码不一致";
            return Refused(errors);
        }
        var outcome = await FirstAgencySetup.RunAsync(db, input, clock, oneTimePassword: false, ct);
        if (!outcome.Succeeded)
        {
            return Refused(outcome.Errors);
        }
        gate.MarkDone();
        setupCode.Spend();
        return Redirect("/Account/Login?setup=true");
    }

    private PageResult Refused(IReadOnlyDictionary<string, string> errors)
    {
        Errors = errors;
        Response.StatusCode = 400;
        AdminPassword = AdminPasswordAgain = null;
        return Page();
    }
}
