using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gongkai.Cases.Cases;

namespace Gongkai.Web.Tests;

public class AttachmentTests(GongkaiFactory factory) : IClassFixture<GongkaiFactory>
{
    private static MultipartFormDataContent File(string name, byte[] bytes)
    {
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(bytes), "file", name);
        return form;
    }

    private static readonly byte[] Pdf = [.. "%PDF-1.7\n"u8.ToArray(), .. new byte[100]];

    [Fact]
    public async Task Upload_Pdf_IsStoredListedDownloadableAndAudited()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.Registered);
        var id = c.GetProperty("id").GetGuid();
        var registrar = await factory.ApiAs("registrar");
        var response = await registrar.PostAsync($"/api/cases/{id}/attachments", File("申请书.pdf", Pdf));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var list = await (await factory.ApiAs("supervisor")).GetFromJsonAsync<JsonElement[]>($"/api/cases/{id}/attachments");
        var item = Assert.Single(list!);
        Assert.Equal("申请书.pdf", item.GetProperty("fileName").GetString());
        var download = await registrar.GetByteArrayAsync($"/api/cases/{id}/attachments/{item.GetProperty("id").GetGuid()}");
        Assert.Equal(Pdf, download);
        var history = await registrar.GetFromJsonAsync<JsonElement[]>($"/api/cases/{id}/history");
        Assert.Contains(history!, h => h.GetProperty("action").GetString() == "Attach");
    }

    [Theory]
    [InlineData("病毒.exe", "类型不允许")]
    [InlineData("伪装.pdf", "内容与扩展名不符")]
    [InlineData("空.pdf", "空文件")]
    public async Task Upload_BadFile_IsRefusedNamingTheFile(string name, string message)
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.Registered);
        byte[] bytes = name.StartsWith("空", StringComparison.Ordinal) ? [] : [0x4D, 0x5A, 0x90, 0x00, 0x03];
        var response = await (await factory.ApiAs("registrar")).PostAsync($"/api/cases/{c.GetProperty("id").GetGuid()}/attachments", File(name, bytes));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains(name, text);
        Assert.Contains(message, text);
    }

    [Fact]
    public async Task Upload_OverTenMegabytes_IsRefused()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.Registered);
        var big = new byte[11 * 1024 * 1024];
        "%PDF"u8.CopyTo(big);
        var response = await (await factory.ApiAs("registrar")).PostAsync($"/api/cases/{c.GetProperty("id").GetGuid()}/attachments", File("大文件.pdf", big));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("10 MB", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Upload_BySupervisorOrAnotherAgency_IsRefused()
    {
        var c = await CaseDriver.DriveTo(factory, CaseState.Registered);
        var id = c.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.ApiAs("supervisor")).PostAsync($"/api/cases/{id}/attachments", File("a.pdf", Pdf))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await factory.ApiAs("other-registrar")).PostAsync($"/api/cases/{id}/attachments", File("a.pdf", Pdf))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await factory.ApiAs("other-registrar")).GetAsync($"/api/cases/{id}/attachments")).StatusCode);
    }
}
