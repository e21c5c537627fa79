using Gongkai.Cases.Agencies;
using Gongkai.Cases.Reporting;
using Gongkai.Data;
using Gongkai.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Web.Features.AnnualReports;

/// <summary>
/// A people's government's departments for its combined report: which use Gongkai, which are listed by name
/// and send their published report as a file, and how each was counted for the year.
/// </summary>
public sealed class DepartmentsModel(CombinedReportService combiner, GongkaiDbContext db, CurrentStaff staff, Calendar.CalendarService calendars) : StaffFormPage
{
    [BindProperty(SupportsGet = true)]
    public int Year { get; set; }

    public bool IsGovernment { get; private set; }

    public IReadOnlyList<string> ExternalDepartments { get; private set; } = [];

    public IReadOnlyList<GovernmentDepartment> Departments { get; private set; } = [];

    public CombinedTables? Combined { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostListAsync(string? names, CancellationToken ct) =>
        await AfterAsync(await combiner.SaveExternalDepartmentsAsync(staff.Actor, names, ct), "部门名单已保存", ct);

    public async Task<IActionResult> OnPostUploadAsync(string? department, IFormFile? report, CancellationToken ct)
    {
        Year = ValidYear(Year);
        if (report is null || report.Length == 0)
        {
            return await AfterAsync("请选择该部门已发布的年度报告文件（PDF、网页、文本或 Word 文档）", "", ct);
        }
        var limit = Gongkai.Reading.ReportReader.LimitFor(report.FileName);
        if (report.Length > limit)
        {
            return await AfterAsync($"“{report.FileName}”超过 {limit / 1048576} MB；年度报告的网页或文本通常不足 1 MB，PDF 或 Word 文档通常不足 10 MB", "", ct);
        }
        using var buffer = new MemoryStream();
        await report.CopyToAsync(buffer, ct);
        return await AfterAsync(await combiner.UploadAsync(staff.Actor, Year, department, report.FileName, buffer.ToArray(), ct), $"已上传{department}{Year}年度报告", ct);
    }

    public static string SourceLabel(DepartmentReportSource source) => source switch
    {
        DepartmentReportSource.Data => "本系统数据",
        DepartmentReportSource.PublishedFile => "上传的年度报告",
        _ => "—",
    };

    private int ValidYear(int year) => year is >= 2019 and <= 2100 ? year : calendars.Today.Year - 1;

    private Task<IActionResult> AfterAsync(string? error, string success, CancellationToken ct) => OutcomeAsync(error, success, () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        Year = ValidYear(Year);
        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == staff.Actor.AgencyId, ct);
        IsGovernment = agency.Kind == AgencyKind.Government;
        if (!IsGovernment)
        {
            return;
        }
        ExternalDepartments = agency.ExternalDepartments;
        Departments = await combiner.DepartmentsAsync(agency.Id, Year, ct);
        Combined = await combiner.CombineAsync(agency.Id, Year, departments: Departments, ct: ct);
    }
}
