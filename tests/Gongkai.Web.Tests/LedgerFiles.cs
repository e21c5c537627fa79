using Gongkai.Web.Infrastructure;
using MiniExcelLibs;

namespace Gongkai.Web.Tests;

/// <summary>
/// Excel ledgers (台账) as an agency keeps them, built relative to today so tests hold in any year: 30 cases, 12
/// received last year (9 answered then, 3 still open at its end — 上年结转 — of which 1 answered this year) and
/// 18 this year (15 answered, 3 open), so 5 are open now.
/// </summary>
public static class LedgerFiles
{
    public const int LastYearReceived = 12;
    public const int LastYearAnswered = 9;
    public const int CarriedOver = 3;
    public const int ThisYearReceived = 18;
    public const int ThisYearAnswered = 15;
    public const int OpenNow = 5;

    public static Dictionary<string, object?> Row(string tracking, DateOnly received, string state, string name = "张三", string request = "2024年交通事故统计数据",
        string outcome = "", DateOnly? answered = null, string category = "自然人", string handler = "", DateOnly? correctionAsked = null, string channel = "邮寄") => new()
    {
        ["受理编号"] = tracking, ["收到日期"] = received.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["申请方式"] = channel,
        ["申请人类别"] = category, ["申请人姓名或名称"] = name, ["证件类型"] = "", ["证件号码"] = "", ["联系电话"] = "13800000000",
        ["申请内容"] = request, ["获取方式"] = "邮寄", ["承办人"] = handler, ["状态"] = state, ["办理结果"] = outcome,
        ["答复日期"] = answered?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "",
        ["告知补正日期"] = correctionAsked?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "", ["收到补正日期"] = "",
        ["延期工作日"] = "", ["征求意见日期"] = "", ["意见回复日期"] = "", ["征求意见对象"] = "",
    };

    /// <summary>The 30-case ledger; <paramref name="today"/> is the agency's today (China time).</summary>
    public static List<Dictionary<string, object?>> ThirtyCases(DateOnly today, string handler = "")
    {
        var year = today.Year;
        var rows = new List<Dictionary<string, object?>>();
        string[] outcomes = ["予以公开", "部分公开", "三.四.1", "本机关不掌握相关政府信息", "三.五.2"];
        for (var i = 0; i < LastYearReceived; i++)
        {
            var received = new DateOnly(year - 1, 3, 1).AddDays(i * 20);
            var tracking = $"TZ-{year - 1}-{i + 1:000}";
            if (i < LastYearAnswered)
            {
                rows.Add(Row(tracking, received, "已答复", $"去年申请人{i + 1}", outcome: outcomes[i % outcomes.Length], answered: received.AddDays(10)));
            }
            else if (i == LastYearAnswered)
            {
                // Received in late December, answered this year: carried over, then counted in this year's outcomes.
                rows.Add(Row(tracking, new DateOnly(year - 1, 12, 28), "已答复", "跨年申请人", outcome: "予以公开", answered: Min(today, new DateOnly(year, 1, 10))));
            }
            else
            {
                // Still open: received at the end of last year.
                rows.Add(Row(tracking, new DateOnly(year - 1, 12, 29 + (i - LastYearAnswered - 1)), "办理中", $"结转申请人{i}", handler: handler));
            }
        }
        for (var i = 0; i < ThisYearReceived; i++)
        {
            var received = Min(today, new DateOnly(year, 1, 2).AddDays(i * 3));
            var tracking = $"TZ-{year}-{i + 1:000}";
            if (i < ThisYearAnswered)
            {
                rows.Add(Row(tracking, received, "已答复", $"今年申请人{i + 1}", outcome: outcomes[i % outcomes.Length], answered: Min(today, received.AddDays(5)),
                    category: i % 4 == 3 ? "商业企业" : "自然人"));
            }
            else if (i == ThisYearAnswered)
            {
                rows.Add(Row(tracking, received, "补正中", "补正申请人", correctionAsked: received, handler: handler));
            }
            else
            {
                rows.Add(Row(tracking, received, "办理中", i == ThisYearReceived - 1 ? "欧阳明华" : $"在办申请人{i}", request: "关于红旗区道路改造工程的批复文件", handler: handler));
            }
        }
        return rows;
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    public static MemoryStream Workbook(IEnumerable<Dictionary<string, object?>> rows)
    {
        var stream = new MemoryStream();
        stream.SaveAs(rows);
        stream.Position = 0;
        return stream;
    }

    public static string WriteFile(IEnumerable<Dictionary<string, object?>> rows, string path)
    {
        using var file = File.Create(path);
        Workbook(rows).CopyTo(file);
        return path;
    }
}
