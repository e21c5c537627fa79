using Gongkai.Reports.Checking;
using Gongkai.Reports.Model;
using Gongkai.Reports.Writing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gongkai.Web.Features.Statistics;

public sealed class IndexModel(Table3Query query, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Subordinates { get; set; }

    public string TableHtml { get; private set; } = "";

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var table = await ComputeAsync(ct);
        TableHtml = HtmlWriter.WriteTable(table);
        Problems = ReportChecker.Check(Gongkai.Cases.Statistics.Table3Statistics.AsReport(table)).Where(f => f.Category == RuleCategory.Arithmetic).Select(f => f.Message).ToArray();
    }

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) =>
        File(Table3Query.ToXlsx(await ComputeAsync(ct), Year), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"表三-{Year}.xlsx");

    private Task<ReportTable> ComputeAsync(CancellationToken ct)
    {
        if (Year is < 2008 or > 2100)
        {
            Year = Infrastructure.ChinaTime.Today(clock).Year;
        }
        return query.ComputeAsync(Year, Subordinates, ct);
    }
}
