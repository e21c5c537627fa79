using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Data.Staff;
using Gongkai.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Admin;

[Authorize(Roles = nameof(StaffRole.Administrator))]
public sealed class IndexModel(AdminService admin, GongkaiDbContext db, CurrentStaff staff) : StaffFormPage
{
    public string AgencyName { get; private set; } = "";

    public string ChainText { get; private set; } = "";

    public IReadOnlyList<string> ChainStages { get; private set; } = [];

    public bool IsGovernment { get; private set; }

    public int? GovernmentId { get; private set; }

    /// <summary>Every people's government an agency may report to.</summary>
    public IReadOnlyList<(int Id, string Name)> Governments { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>The agency's stricter separation of duties (handler and registrar may not review their case).</summary>
    public bool StrictSeparation { get; private set; }

    public async Task<IActionResult> OnPostChainAsync(string? chain, bool strictSeparation, CancellationToken ct)
    {
        var error = await admin.SaveReviewChainAsync(staff.Actor, chain ?? "", ct, strictSeparation);
        return await Done(error, "审核环节已保存", ct);
    }

    public async Task<IActionResult> OnPostGovernmentAsync(int? governmentId, CancellationToken ct) =>
        await Done(await admin.ReportToGovernmentAsync(staff.Actor, governmentId, ct), "已保存报送年度报告的人民政府", ct);

    private Task<IActionResult> Done(string? error, string success, CancellationToken ct) => OutcomeAsync(error, success, () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == staff.Actor.AgencyId, ct);
        AgencyName = agency.Name;
        IsGovernment = agency.Kind == Gongkai.Cases.Agencies.AgencyKind.Government;
        GovernmentId = agency.GovernmentId;
        Governments = (await db.Agencies.AsNoTracking().Where(a => a.Kind == Gongkai.Cases.Agencies.AgencyKind.Government).OrderBy(a => a.Name)
            .Select(a => new { a.Id, a.Name }).ToListAsync(ct)).Select(a => (a.Id, a.Name)).ToList();
        ChainStages = agency.ReviewChain.Select(s => s.Name).ToArray();
        StrictSeparation = agency.StrictSeparation;
        ChainText = string.Join("\n", agency.ReviewChain.Select(s => s.Role == StaffRole.Approver ? $"{s.Name}|审批领导" : s.Name));
    }
}
