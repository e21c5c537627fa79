using Gongkai.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Gongkai.Web.Features.Cases;

/// <summary>导入台账: the agency's earlier Excel ledger brought in as cases.</summary>
public sealed class ImportModel(LedgerImport import, CurrentStaff staff) : StaffFormPage
{
    public LedgerImportResult? Result { get; private set; }

    public void OnGet()
    {
    }

    public IActionResult OnGetTemplate() =>
        File(LedgerImport.Template(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "台账导入模板.xlsx");

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return await OutcomeAsync("请选择要导入的台账文件（Excel .xlsx）", "", () => Task.CompletedTask);
        }
        await using var stream = file.OpenReadStream();
        var imported = await import.ImportAsync(staff.Actor, stream, Path.GetFileName(file.FileName), ct);
        Result = imported.Value;
        return await OutcomeAsync(imported.Error,
            $"已导入{Result?.Created}件申请，其中在办{Result?.Open}件（答复期限已按工作日重新计算）；{Result?.Skipped}件已在系统中，未重复导入。", () => Task.CompletedTask);
    }
}
