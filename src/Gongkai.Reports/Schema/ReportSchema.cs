namespace Gongkai.Reports.Schema;

/// <summary>A section of the report (条例 第五十条 lists its contents; the format numbers them 一 to 六).</summary>
/// <param name="Key">The section's numeral, 一 … 六.</param>
/// <param name="Title">The title as the format prints it after "一、".</param>
/// <param name="Keyword">The part of the title that identifies it when a report words it slightly differently.</param>
public sealed record SectionDef(string Key, string Title, string Keyword)
{
    public string Heading => Key + "、" + Title;
}

/// <summary>
/// The statutory report layout, declared once as data: sections, the three tables, their rows,
/// columns and identities. Readers, writers, the checker and the statistics queries all use it.
/// </summary>
public sealed class ReportSchema
{
    private ReportSchema(FormatVersion version, TableSchema proactive, TableSchema applications, TableSchema review)
    {
        Version = version;
        Proactive = proactive;
        Applications = applications;
        Review = review;
        Tables = [proactive, applications, review];
    }

    public FormatVersion Version { get; }

    /// <summary>The six sections; identical in both formats.</summary>
    public IReadOnlyList<SectionDef> Sections => SectionList;

    /// <summary>
    /// What 一、总体情况 covers, in the format's order (国办公开办函〔2021〕30号: “主要包括主动公开、依申请公开、
    /// 政府信息管理、政府信息公开平台建设、监督保障”); reports number them （一）…（五）.
    /// </summary>
    public static IReadOnlyList<string> OverviewTopics { get; } = ["主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障"];

    /// <summary>表二 主动公开政府信息情况 (条例 第二十条 items).</summary>
    public TableSchema Proactive { get; }

    /// <summary>表三 收到和处理政府信息公开申请情况.</summary>
    public TableSchema Applications { get; }

    /// <summary>表四 政府信息公开行政复议、行政诉讼情况.</summary>
    public TableSchema Review { get; }

    public IReadOnlyList<TableSchema> Tables { get; }

    public static ReportSchema For(FormatVersion version) => version switch
    {
        FormatVersion.Format2021 => Format2021,
        FormatVersion.Trial2019 => Trial2019,
    };

    /// <summary>The applicant columns of table 三 (申请人情况), 总计 last.</summary>
    public static IReadOnlyList<ColumnDef> ApplicantColumns { get; } =
    [
        new("自然人", "自然人"),
        new("商业企业", "商业企业", Group: "法人或其他组织"),
        new("科研机构", "科研机构", Group: "法人或其他组织"),
        new("社会公益组织", "社会公益组织", Group: "法人或其他组织"),
        new("法律服务机构", "法律服务机构", Group: "法人或其他组织"),
        new("其他", "其他", Group: "法人或其他组织"),
        new("总计", "总计"),
    ];

    /// <summary>The columns of each group of table 四.</summary>
    public static IReadOnlyList<ColumnDef> ReviewColumns { get; } =
    [
        new("结果维持", "结果维持"),
        new("结果纠正", "结果纠正"),
        new("其他结果", "其他结果"),
        new("尚未审结", "尚未审结"),
        new("总计", "总计"),
    ];

    /// <summary>The header note of table 三, verbatim from the format.</summary>
    public const string ApplicationsHeaderNote = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

    private static readonly SectionDef[] SectionList =
    [
        new("一", "总体情况", "总体情况"),
        new("二", "主动公开政府信息情况", "主动公开"),
        new("三", "收到和处理政府信息公开申请情况", "收到和处理"),
        new("四", "政府信息公开行政复议、行政诉讼情况", "行政复议"),
        new("五", "存在的主要问题及改进情况", "存在的主要问题"),
        new("六", "其他需要报告的事项", "其他需要报告"),
    ];

    // Declared after the column and section lists they use: static initialisers run in text order.
    public static ReportSchema Format2021 { get; } = Build(FormatVersion.Format2021);

    public static ReportSchema Trial2019 { get; } = Build(FormatVersion.Trial2019);

    private static ReportSchema Build(FormatVersion version) =>
        new(version, BuildProactive(version), BuildApplications(version), BuildReview());

    private static TableSchema BuildProactive(FormatVersion version)
    {
        const string item1 = "第二十条第（一）项";
        const string item5 = "第二十条第（五）项";
        const string item6 = "第二十条第（六）项";
        const string item8 = "第二十条第（八）项";
        var rows = new List<RowDef>();
        void Add(string block, string label, IReadOnlyList<ColumnDef> columns) =>
            rows.Add(new RowDef(label, "", label, [], columns, block));

        if (version == FormatVersion.Format2021)
        {
            ColumnDef[] documents = [new("本年制发件数", "本年制发件数"), new("本年废止件数", "本年废止件数"), new("现行有效件数", "现行有效件数")];
            ColumnDef[] decisions = [new("本年处理决定数量", "本年处理决定数量")];
            ColumnDef[] fees = [new("本年收费金额", "本年收费金额（单位：万元）", CellKind.Money)];
            Add(item1, "规章", documents);
            Add(item1, "行政规范性文件", documents);
            Add(item5, "行政许可", decisions);
            Add(item6, "行政处罚", decisions);
            Add(item6, "行政强制", decisions);
            Add(item8, "行政事业性收费", fees);
        }
        else
        {
            ColumnDef[] documents = [new("本年新制作数量", "本年新制作数量"), new("本年新公开数量", "本年新公开数量"), new("对外公开总数量", "对外公开总数量")];
            ColumnDef[] projects = [new("上一年项目数量", "上一年项目数量"), new("本年增/减", "本年增/减", CellKind.SignedCount), new("处理决定数量", "处理决定数量")];
            ColumnDef[] fees = [new("上一年项目数量", "上一年项目数量"), new("本年增/减", "本年增/减", CellKind.SignedCount)];
            ColumnDef[] procurement = [new("采购项目数量", "采购项目数量"), new("采购总金额", "采购总金额", CellKind.Money)];
            Add(item1, "规章", documents);
            Add(item1, "规范性文件", documents);
            Add(item5, "行政许可", projects);
            Add(item5, "其他对外管理服务事项", projects);
            Add(item6, "行政处罚", projects);
            Add(item6, "行政强制", projects);
            Add(item8, "行政事业性收费", fees);
            Add("第二十条第（九）项", "政府集中采购", procurement);
        }

        return new TableSchema("proactive", "表二", rows, []);
    }

    private static TableSchema BuildApplications(FormatVersion version)
    {
        var results = new RowGroup("三", "三、本年度办理结果");
        var withhold = new RowGroup("三.三", "（三）不予公开");
        var cannot = new RowGroup("三.四", "（四）无法提供");
        var notHandled = new RowGroup("三.五", "（五）不予处理");
        var other = new RowGroup("三.六", "（六）其他处理");
        var columns = ApplicantColumns;
        var rows = new List<RowDef>
        {
            new("一", "一、", "本年新收政府信息公开申请数量", [], columns),
            new("二", "二、", "上年结转政府信息公开申请数量", [], columns),
            new("三.一", "（一）", "予以公开", [results], columns),
            new("三.二", "（二）", "部分公开（区分处理的，只计这一情形，不计其他情形）", [results], columns),
        };
        void Sub(RowGroup group, int n, string text) =>
            rows.Add(new RowDef($"{group.Key}.{n}", $"{n}.", text, [results, group], columns));

        // 条例 第十四条 to 第十六条 give the grounds behind rows 三.三.1–7.
        Sub(withhold, 1, "属于国家秘密");
        Sub(withhold, 2, "其他法律行政法规禁止公开");
        Sub(withhold, 3, "危及“三安全一稳定”");
        Sub(withhold, 4, "保护第三方合法权益");
        Sub(withhold, 5, "属于三类内部事务信息");
        Sub(withhold, 6, "属于四类过程性信息");
        Sub(withhold, 7, "属于行政执法案卷");
        Sub(withhold, 8, "属于行政查询事项");
        Sub(cannot, 1, "本机关不掌握相关政府信息");
        Sub(cannot, 2, "没有现成信息需要另行制作");
        Sub(cannot, 3, "补正后申请内容仍不明确");
        Sub(notHandled, 1, "信访举报投诉类申请");
        Sub(notHandled, 2, "重复申请");
        Sub(notHandled, 3, "要求提供公开出版物");
        Sub(notHandled, 4, "无正当理由大量反复申请");
        Sub(notHandled, 5, "要求行政机关确认或重新出具已获取信息");
        if (version == FormatVersion.Format2021)
        {
            // The 2021 format split 其他处理 to match 条例 第三十条 and 国办函〔2020〕109号.
            Sub(other, 1, "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请");
            Sub(other, 2, "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请");
            Sub(other, 3, "其他");
        }
        else
        {
            rows.Add(new RowDef("三.六", "（六）", "其他处理", [results], columns));
        }

        var outcomes = rows.Where(r => r.Key.StartsWith("三.", StringComparison.Ordinal)).Select(r => r.Key).ToArray();
        rows.Add(new RowDef("三.七", "（七）", "总计", [results], columns));
        rows.Add(new RowDef("四", "四、", "结转下年度继续办理", [], columns));

        TableIdentity[] identities =
        [
            new("row-total", IdentityAxis.Columns, ["总计"], columns.Take(6).Select(c => c.Key).ToArray(),
                "每行“总计”等于自然人与法人或其他组织各列之和"),
            new("outcome-total", IdentityAxis.Rows, ["三.七"], outcomes,
                "“（七）总计”等于各项办理结果之和"),
            // Stated by the format itself in the table's header note.
            new("balance", IdentityAxis.Rows, ["一", "二"], ["三.七", "四"],
                "第一项加第二项之和，等于第三项加第四项之和"),
        ];
        return new TableSchema("applications", "表三", rows, identities);
    }

    private static TableSchema BuildReview()
    {
        var litigation = new RowGroup("行政诉讼", "行政诉讼");
        RowDef[] rows =
        [
            new("行政复议", "", "行政复议", [], ReviewColumns),
            new("未经复议直接起诉", "", "未经复议直接起诉", [litigation], ReviewColumns),
            new("复议后起诉", "", "复议后起诉", [litigation], ReviewColumns),
        ];
        TableIdentity[] identities =
        [
            new("review-total", IdentityAxis.Columns, ["总计"], ["结果维持", "结果纠正", "其他结果", "尚未审结"],
                "行政复议、行政诉讼各组“总计”等于四种结果之和"),
        ];
        return new TableSchema("review", "表四", rows, identities);
    }
}
