using Gongkai.Cases.Agencies;
using Gongkai.Cases.Cases;
using Gongkai.Data;
using Gongkai.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.Admin;

[Authorize(Roles = nameof(StaffRole.Administrator))]
public sealed class AgenciesModel(AgencyService service, GongkaiDbContext db, CurrentStaff staff) : StaffFormPage
{
    public IReadOnlyList<Agency> Agencies { get; private set; } = [];

    public IReadOnlyList<Agency> Governments { get; private set; } = [];

    /// <summary>The agency opened for editing.</summary>
    [BindProperty(SupportsGet = true)]
    public int? Edit { get; set; }

    public Agency? Editing => Agencies.FirstOrDefault(a => a.Id == Edit);

    public int OwnAgencyId => staff.Actor.AgencyId;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public IActionResult OnGetTemplate() =>
        File(AgencyService.ImportTemplate(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "机关导入模板.xlsx");

    public async Task<IActionResult> OnPostCreateAsync(string? name, string? kind, int? parentId, string? trackingPrefix, int? governmentId,
        string? address, string? hours, string? phone, string? fax, string? email, string? postcode, CancellationToken ct)
    {
        var created = await service.CreateAsync(staff.Actor, new AgencyInput(name, kind, parentId, trackingPrefix, governmentId,
            new DisclosureOffice(address, hours, phone, fax, email, postcode)), ct);
        return await Done(created.Error, $"已创建机关“{name?.Trim()}”", ct);
    }

    public async Task<IActionResult> OnPostEditAsync(int agencyId, string? name, string? kind, int? parentId, string? trackingPrefix, int? governmentId,
        string? address, string? hours, string? phone, string? fax, string? email, string? postcode, int? correctionPeriod, CancellationToken ct)
    {
        Edit = agencyId;
        var error = await service.UpdateAsync(staff.Actor, agencyId, new AgencyInput(name, kind, parentId, trackingPrefix, governmentId,
            new DisclosureOffice(address, hours, phone, fax, email, postcode), correctionPeriod), ct);
        if (error is null)
        {
            Edit = null;
        }
        return await Done(error, $"已保存机关“{name?.Trim()}”", ct);
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return await Done("请选择要导入的 Excel 文件（.xlsx）", "", ct);
        }
        await using var stream = file.OpenReadStream();
        var imported = await service.ImportAsync(staff.Actor, stream, Path.GetFileName(file.FileName), ct);
        return await Done(imported.Error, $"已导入：新建{imported.Value.Created}个机关，更新{imported.Value.Updated}个", ct);
    }

    private Task<IActionResult> Done(string? error, string success, CancellationToken ct) => OutcomeAsync(error, success, () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        Agencies = await service.ListAsync(staff.Actor, ct);
        Governments = await db.Agencies.AsNoTracking().Where(a => a.Kind == AgencyKind.Government).OrderBy(a => a.Name).ToListAsync(ct);
    }

    /// <summary>The fields partial for a new agency (null) or an existing one; <paramref name="prefix"/> keeps element ids unique.</summary>
    public AgencyFields Fields(Agency? agency, char prefix) => new(this, agency, prefix.ToString());

    public int Depth(Agency agency)
    {
        var depth = 0;
        for (var at = agency; at.ParentId is { } p && at.Id != OwnAgencyId && Agencies.FirstOrDefault(a => a.Id == p) is { } parent; at = parent)
        {
            depth++;
        }
        return depth;
    }
}

/// <summary>Model of the agency fields partial shared by the create and edit forms.</summary>
public sealed record AgencyFields(AgenciesModel Page, Agency? Agency, string Prefix);
