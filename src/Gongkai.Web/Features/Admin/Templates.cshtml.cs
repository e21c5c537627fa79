using Gongkai.Cases.Cases;
using Gongkai.Documents.Letters;
using Gongkai.Web.Features.Documents;
using Gongkai.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gongkai.Web.Features.Admin;

/// <summary>The agency's letter templates: the text of one kind, its fields, save (checked) or back to the default.</summary>
[Authorize(Roles = nameof(StaffRole.Administrator))]
public sealed class TemplatesModel(AdminService admin, DocumentService documents, CurrentStaff staff) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public LetterKind Kind { get; set; } = LetterKind.Answer;

    [BindProperty]
    public string? Text { get; set; }

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public string? Saved { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Text = Render(await documents.TemplateAsync(staff.Actor.AgencyId, Kind, ct));

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Errors = await admin.SaveTemplateAsync(staff.Actor, Kind, Text, ct);
        if (Errors.Count > 0)
        {
            // The rejected text stays in the form so nothing typed is lost.
            Response.StatusCode = 400;
            return Page();
        }
        Saved = $"已保存“{Kind.Title()}”模板，之后出具的文书使用新模板";
        Text = Render(await documents.TemplateAsync(staff.Actor.AgencyId, Kind, ct));
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync(CancellationToken ct)
    {
        await admin.ResetTemplateAsync(staff.Actor, Kind, ct);
        Saved = $"“{Kind.Title()}”已恢复为默认模板";
        Text = Render(DefaultTemplates.For(Kind));
        return Page();
    }

    private static string Render(LetterTemplate t) => string.Join("\n", t.Paragraphs.Prepend(t.Title));
}
