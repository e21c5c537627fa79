using System.Net;
using System.Net.Http.Json;
using Gongkai.Cases.Cases;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongkai.Web.Tests;

/// <summary>Issue 13: a letter's PDF made in the background when it is issued; without LibreOffice, Word offered in Chinese.</summary>
public sealed class PdfDownloadTests
{
    /// <summary>An online application answered and its answer letter issued; the applicant's number and code.</summary>
    private static async Task<(string Number, string Code, Guid DocumentId)> AnsweredWithLetterAsync(GongkaiFactory factory)
    {
        var (number, code) = await new PortalTests(factory).SubmittedForTests();
        await using var db = factory.OpenDb();
        var id = db.Cases.Single(c => c.TrackingNumber == number).Id;
        var handler = await factory.ApiAs("handler");
        var c = await handler.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/cases/{id}");
        c = await Api.ActOk(handler, c, CaseAction.Accept);
        c = await Api.ActOk(handler, c, CaseAction.SubmitForReview, Api.FieldsFor(CaseAction.SubmitForReview));
        c = await Api.ActOk(await factory.ApiAs("reviewer"), c, CaseAction.Approve, new { text = "同意" });
        c = await Api.ActOk(await factory.ApiAs("approver"), c, CaseAction.Approve, new { text = "同意" });
        await Api.ActOk(handler, c, CaseAction.Answer, new { date = Api.Day(0) });
        var issued = await handler.PostAsJsonAsync($"/api/cases/{id}/documents/Answer", new { });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var document = await issued.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return (number, code, document.GetProperty("id").GetGuid());
    }

    private static async Task<HttpResponseMessage> CitizenDownloadsAsync(HttpClient browser, string number, string code, string format)
    {
        var page = await browser.GetStringAsync("/status");
        return await browser.PostAsync("/status?handler=Letter", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = PageClient.Token(page), ["TrackingNumber"] = number, ["Code"] = code, ["format"] = format,
        }));
    }

    [Fact]
    public async Task IssuedLetter_ItsPdfIsMadeInTheBackgroundBeforeAnyoneAsks()
    {
        using var factory = new GongkaiFactory { ConvertPdfOnIssue = true };
        var (number, code, documentId) = await AnsweredWithLetterAsync(factory);
        // Poll generously: the first conversion starts LibreOffice, which a busy machine may take a minute to do.
        byte[]? pdf = null;
        for (var waited = TimeSpan.Zero; pdf is null && waited < TimeSpan.FromMinutes(3); waited += TimeSpan.FromMilliseconds(250))
        {
            await Task.Delay(250);
            await using var db = factory.OpenDb();
            pdf = await db.CaseDocuments.Where(d => d.Id == documentId).Select(d => d.Pdf).SingleAsync();
        }
        Assert.NotNull(pdf);
        Assert.True(pdf.AsSpan().StartsWith("%PDF"u8));
        var download = await CitizenDownloadsAsync(factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true }), number, code, "pdf");
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task WithoutLibreOffice_TheApplicantIsToldInChineseAndOfferedWord()
    {
        using var factory = new GongkaiFactory();
        var (number, code, documentId) = await AnsweredWithLetterAsync(factory);
        using var noOffice = factory.WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            s.AddSingleton(new Gongkai.Documents.Pdf.PdfConverter(executable: "/nonexistent/soffice"));
        }));
        var browser = noOffice.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var response = await CitizenDownloadsAsync(browser, number, code, "pdf");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("暂时无法生成 PDF，请下载 Word 版本", html, StringComparison.Ordinal);
        Assert.Contains("下载 Word 版本", html, StringComparison.Ordinal);
        Assert.DoesNotContain("apt-get", html, StringComparison.Ordinal);
        var word = await CitizenDownloadsAsync(browser, number, code, "docx");
        Assert.Equal(Gongkai.Web.Features.Documents.DocumentService.DocxContentType, word.Content.Headers.ContentType!.MediaType);
        Assert.NotEqual(Guid.Empty, documentId);
    }
}
