using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gongkai.Cases.Cases;

namespace Gongkai.Web.Tests;

/// <summary>Calls to the case API used by many tests.</summary>
internal static class Api
{
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    public static object Registration(string idNumber = "11010519491231002X", DateOnly? receivedOn = null, string category = "NaturalPerson") => new
    {
        category,
        name = "张三",
        idType = "居民身份证",
        idNumber,
        phone = "13800000000",
        email = "zhangsan@example.com",
        address = "北京市朝阳区",
        channel = "Online",
        receivedOn = (receivedOn ?? Today.AddDays(-10)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        request = "2025年本市道路交通事故统计数据",
        deliveryForm = "电子邮件",
    };

    public static async Task<JsonElement> Register(HttpClient client, object? registration = null)
    {
        var response = await client.PostAsJsonAsync("/api/cases", registration ?? Registration());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<HttpResponseMessage> Act(HttpClient client, JsonElement c, CaseAction action, object? fields = null)
    {
        var body = new Dictionary<string, object?> { ["version"] = c.GetProperty("version").GetGuid() };
        if (fields is not null)
        {
            foreach (var p in fields.GetType().GetProperties())
            {
                body[p.Name] = p.GetValue(fields);
            }
        }
        return await client.PostAsJsonAsync($"/api/cases/{c.GetProperty("id").GetGuid()}/{action}", body);
    }

    public static async Task<JsonElement> ActOk(HttpClient client, JsonElement c, CaseAction action, object? fields = null)
    {
        var response = await Act(client, c, action, fields);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{action}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static string Day(int offset = 0) => Today.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>What each action needs besides the version.</summary>
    public static object? FieldsFor(CaseAction action) => action switch
    {
        CaseAction.RequestCorrection => new { date = Day(-9), text = "请明确所需信息的时间范围" },
        CaseAction.ReceiveCorrection or CaseAction.LapseCorrection or CaseAction.EndConsultation or CaseAction.Answer or CaseAction.Withdraw
            or CaseAction.ReceivePayment or CaseAction.LapsePayment => new { date = Day(-1) },
        CaseAction.NoticeFee => new { date = Day(-5), feeBasis = "PerPage", quantity = 40 },
        CaseAction.StartConsultation => new { date = Day(-8), party = "第三方某公司" },
        CaseAction.SubmitForReview => new { outcomeRow = "三.一", legalBasis = "条例第三十六条第二项", answerText = "予以公开" },
        CaseAction.Approve => new { text = "同意" },
        CaseAction.Return => new { text = "请补充法律依据" },
        CaseAction.Extend => new { workingDays = 10, text = "需要调取档案" },
        CaseAction.Void => new { reason = "重复登记" },
        CaseAction.Transfer => new { agencyId = 0, reason = "属于其他机关管辖" },
        _ => null,
    };

    /// <summary>The user of the test agency who may take the action in the case's current state.</summary>
    public static string UserFor(CaseAction action, string state) => action switch
    {
        CaseAction.Approve or CaseAction.Return => state == "InReview" ? "reviewer" : "approver",
        CaseAction.Extend => "approver",
        CaseAction.Archive => "registrar",
        CaseAction.StartConsultation or CaseAction.EndConsultation or CaseAction.SubmitForReview => "handler",
        _ => "handler",
    };
}
