using Gongkai.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Gongkai.Web.Features.Audits;

/// <summary>年度报告批量检查: upload a ZIP of published reports, see the dashboard, download the dataset.</summary>
[RequestSizeLimit(ReportAuditService.MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = ReportAuditService.MaxUploadBytes)]
public sealed class IndexModel(ReportAuditService audits, CurrentStaff staff) : StaffFormPage
{
    public string? Refusal { get; private set; }

    public IReadOnlyList<ReportAuditSummary> Audits { get; private set; } = [];

    /// <summary>The audit just made, shown first with its links.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(List<IFormFile> files, CancellationToken ct)
    {
        var saved = new List<(string Path, string Name)>();
        var folder = Directory.CreateTempSubdirectory("gongkai-upload-").FullName;
        try
        {
            foreach (var file in files.Where(f => f.Length > 0))
            {
                var path = Path.Combine(folder, saved.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await using (var target = System.IO.File.Create(path))
                {
                    await file.CopyToAsync(target, ct);
                }
                saved.Add((path, file.FileName));
            }
            var outcome = await audits.AuditAsync(staff.Actor, saved, ct);
            if (outcome.Audit is { } audit)
            {
                return RedirectToPage(new { id = audit.Id });
            }
            return await OutcomeAsync(outcome.Error, "", () => LoadAsync(ct));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The dashboard (inline, to view) or a dataset file (to download) of one of this agency's audits.</summary>
    public IActionResult OnGetFile(string id, string name)
    {
        if (audits.FileOf(staff.Actor, id, name) is not { } path)
        {
            return NotFound();
        }
        if (name == ReportAuditStore.DashboardFile)
        {
            Response.Headers.ContentSecurityPolicy = Infrastructure.SecurityHeaders.ForStandaloneHtml(System.IO.File.ReadAllText(path));
            return PhysicalFile(path, "text/html; charset=utf-8");
        }
        var type = Path.GetExtension(name) switch
        {
            ".csv" => "text/csv; charset=utf-8",
            ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _ => "application/vnd.apache.parquet",
        };
        return PhysicalFile(path, type, $"年度报告检查-{id}-{name}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Refusal = await audits.RefusalAsync(staff.Actor, ct);
        Audits = Refusal is null ? audits.List(staff.Actor) : [];
    }
}
