using Gongkai.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gongkai.Web.Features.Cases;

public sealed class RegisterModel(CaseService cases, CurrentStaff staff) : PageModel
{
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? IdType { get; set; } = "居民身份证";
    [BindProperty] public string? IdNumber { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Address { get; set; }
    [BindProperty] public string? Channel { get; set; }
    [BindProperty] public DateOnly? ReceivedOn { get; set; }
    [BindProperty(Name = "Request")] public string? RequestText { get; set; }
    [BindProperty] public string? DeliveryForm { get; set; }

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public string? Message { get; private set; }

    public void OnGet() => ReceivedOn = cases.Today;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid && ModelState[nameof(ReceivedOn)]?.Errors.Count > 0)
        {
            Errors = new Dictionary<string, string> { [nameof(ReceivedOn)] = "收到申请日期格式不正确" };
            Message = "申请信息有误，请按提示修改";
            return Page();
        }
        var result = await cases.RegisterAsync(staff.Actor,
            new RegisterInput(Category, Name, IdType, IdNumber, Phone, Email, Address, Channel, ReceivedOn, RequestText, DeliveryForm), ct);
        if (result.IsOk)
        {
            return Redirect($"/Cases/Details/{result.Value!.Id}?registered=true");
        }
        Errors = result.Errors ?? new Dictionary<string, string>();
        Message = result.Message;
        return Page();
    }
}
