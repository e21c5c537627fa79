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

    /// <summary>What was typed into the create form (kept after a refusal, so nothing typed is lost) or the edit form.</summary>
    public AgencyInput? TypedNew { get; private set; }

    public AgencyInput? TypedEdit { get; private set; }

    public async Task<IActionResult> OnPostCreateAsync(string? name, string? kind, int? parentId, string? trackingPrefix, int? governmentId,
        string? address, string? hours, string? phone, string? fax, string? email, string? postcode, string? letterCode, CancellationToken ct)
    {
        var input = new AgencyInput(name, kind, parentId, trackingPrefix, governmentId, new DisclosureOffice(address, hours, phone, fax, email, postcode), LetterCode: letterCode);
        var created = await service.CreateAsync(staff.Actor, input, ct);
        TypedNew = created.IsOk ? null : input;
        return await Done(created.Message, $"已创建机关“{name?.Trim()}”", ct);
    }

    public async Task<IActionResult> OnPostEditAsync(int agencyId, string? name, string? kind, int? parentId, string? trackingPrefix, int? governmentId,
        string? address, string? hours, string? phone, string? fax, string? email, string? postcode, int? correctionPeriod, string? letterCode, CancellationToken ct)
    {
        Edit = agencyId;
        var input = new AgencyInput(name, kind, parentId, trackingPrefix, governmentId, new DisclosureOffice(address, hours, phone, fax, email, postcode), correctionPeriod, letterCode);
        var result = await service.UpdateAsync(staff.Actor, agencyId, input, ct);
        if (result.IsOk)
        {
            Edit = null;
        }
        else
        {
            TypedEdit = input;
        }
        return await Done(result.Message, $"已保存机关“{name?.Trim()}”", ct);
    }

    /// <summary>停用 (retired = true) or 恢复 an agency.</summary>
    public async Task<IActionResult> OnPostRetireAsync(int agencyId, bool retired, CancellationToken ct)
    {
        var result = await service.SetRetiredAsync(staff.Actor, agencyId, retired, ct);
        return await Done(result.Message, retired
            ? $"已停用机关“{result.Value?.Name}”：门户网站不再显示，不再受理新的申请；已有申请和年度报告保留可查"
            : $"已恢复机关“{result.Value?.Name}”", ct);
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return await Done("请选择要导入的 Excel 文件（.xlsx）", "", ct);
        }
        await using var stream = file.OpenReadStream();
        var imported = await service.ImportAsync(staff.Actor, stream, Path.GetFileName(file.FileName), ct);
        return await Done(imported.Message, $"已导入：新建{imported.Value.Created}个机关，更新{imported.Value.Updated}个", ct);
    }

    private Task<IActionResult> Done(string? error, string success, CancellationToken ct) => OutcomeAsync(error, success, () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        Agencies = await service.ListAsync(staff.Actor, ct);
        Governments = await db.Agencies.AsNoTracking().Where(a => a.Kind == AgencyKind.Government).OrderBy(a => a.Name).ToListAsync(ct);
    }

    /// <summary>The fields partial for a new agency (null) or an existing one; <paramref name="prefix"/> keeps element ids unique.</summary>
    public AgencyFields Fields(Agency? agency, char prefix) => new(this, agency, prefix.ToString(), agency is null ? TypedNew : TypedEdit);

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

/// <summary>Model of the agency fields partial shared by the create and edit forms: what was typed wins over what is stored.</summary>
public sealed record AgencyFields(AgenciesModel Page, Agency? Agency, string Prefix, AgencyInput? Typed)
{
    public string? Name => Typed is null ? Agency?.Name : Typed.Name;

    public string? Kind => Typed is null ? Agency is null ? null : Gongkai.Cases.Agencies.Agency.KindLabel(Agency.Kind) : Typed.Kind;

    public int? ParentId => Typed is null ? Agency?.ParentId : Typed.ParentId;

    public string? TrackingPrefix => Typed is null ? Agency?.TrackingPrefix : Typed.TrackingPrefix;

    public int? GovernmentId => Typed is null ? Agency?.GovernmentId : Typed.GovernmentId;

    public DisclosureOffice? Office => Typed is null ? Agency?.Office : Typed.Office;

    public string? LetterCode => Typed is null ? Agency?.LetterCode : Typed.LetterCode;

    public int? CorrectionPeriod => Typed?.CorrectionPeriodWorkingDays ?? Agency?.CorrectionPeriodWorkingDays;
}
