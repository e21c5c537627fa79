namespace Gongkai.Reports.Checking;

/// <summary>
/// Every rule Gongkai applies to a report, including those the reader raises while placing values.
/// Arithmetic rule ids are the ids of the identities the schema declares.
/// </summary>
public static class Rules
{
    private static RuleDef R(string id, RuleCategory c, Severity s, string title) => new(id, c, s, title);

    // Arithmetic: the identities declared in ReportSchema.
    public static readonly RuleDef RowTotal = R("row-total", RuleCategory.Arithmetic, Severity.Error, "表三每行“总计”等于各类申请人之和");
    public static readonly RuleDef OutcomeTotal = R("outcome-total", RuleCategory.Arithmetic, Severity.Error, "表三“（七）总计”等于各项办理结果之和");
    public static readonly RuleDef Balance = R("balance", RuleCategory.Arithmetic, Severity.Error, "表三第一项加第二项之和等于第三项加第四项之和");
    public static readonly RuleDef ReviewTotal = R("review-total", RuleCategory.Arithmetic, Severity.Error, "表四各组“总计”等于四种结果之和");

    // Structure.
    public static readonly RuleDef SectionMissing = R("section-missing", RuleCategory.Structure, Severity.Error, "六个部分齐全");
    public static readonly RuleDef SectionOrder = R("section-order", RuleCategory.Structure, Severity.Error, "六个部分按格式顺序排列");
    public static readonly RuleDef SectionDuplicate = R("section-duplicate", RuleCategory.Structure, Severity.Warning, "每个部分的标题只出现一次");
    public static readonly RuleDef SectionHeading = R("section-heading", RuleCategory.Structure, Severity.Warning, "部分标题与格式一致");
    public static readonly RuleDef OverviewSubsections = R("overview-subsections", RuleCategory.Structure, Severity.Warning, "总体情况包括主动公开、依申请公开、政府信息管理、平台建设、监督保障");
    public static readonly RuleDef GovernmentAssessment = R("government-assessment", RuleCategory.Structure, Severity.Warning, "人民政府的报告写明工作考核、社会评议和责任追究结果情况");
    public static readonly RuleDef TableMissing = R("table-missing", RuleCategory.Structure, Severity.Error, "表二、表三、表四齐全");
    public static readonly RuleDef RowMissing = R("row-missing", RuleCategory.Structure, Severity.Error, "表格各行齐全");
    public static readonly RuleDef CellMissing = R("cell-missing", RuleCategory.Structure, Severity.Error, "表格各单元格都有数值");
    public static readonly RuleDef RowOrder = R("row-order", RuleCategory.Structure, Severity.Warning, "表格各行按格式顺序排列");
    public static readonly RuleDef LabelVariant = R("label-variant", RuleCategory.Structure, Severity.Warning, "行、列标签与格式一致");
    public static readonly RuleDef ColumnHeaders = R("column-headers", RuleCategory.Structure, Severity.Warning, "表头列出格式规定的各列");
    public static readonly RuleDef RowUnrecognized = R("row-unrecognized", RuleCategory.Structure, Severity.Error, "表格中每个有数值的行都能对应到格式中的行");
    public static readonly RuleDef ValuesUnplaced = R("values-unplaced", RuleCategory.Structure, Severity.Error, "每个数值都能确定所属的列");
    public static readonly RuleDef ScannedReport = R("scanned-report", RuleCategory.Structure, Severity.Warning, "报告有文字层；扫描件经文字识别读取，数字须对照原件核实");
    public static readonly RuleDef OcrUncertain = R("ocr-uncertain", RuleCategory.Structure, Severity.Warning, "扫描件中的数值识别可靠；识别不确定的数值按缺项处理");
    public static readonly RuleDef DigitsGlued = R("digits-glued", RuleCategory.Structure, Severity.Warning, "一行的各个数值分开印出，不连写成一串数字");
    public static readonly RuleDef ValueNotNumber = R("value-not-number", RuleCategory.Structure, Severity.Error, "数值单元格中是数字");
    public static readonly RuleDef RowDuplicate = R("row-duplicate", RuleCategory.Structure, Severity.Error, "表格每行只出现一次");
    public static readonly RuleDef CountNotWhole = R("count-not-whole", RuleCategory.Structure, Severity.Error, "件数为非负整数");

    // Metadata.
    public static readonly RuleDef TitleUnreadable = R("title", RuleCategory.Metadata, Severity.Error, "标题写明机关名称和报告年度");
    public static readonly RuleDef FormatVersionMismatch = R("format-version", RuleCategory.Metadata, Severity.Error, "报告年度使用对应的年度报告格式");
    public static readonly RuleDef ReportYear = R("report-year", RuleCategory.Metadata, Severity.Warning, "报告年度在合理范围内");

    // Narrative.
    public static readonly RuleDef NarrativeReceived = R("narrative-received", RuleCategory.Narrative, Severity.Error, "正文所述收到申请数与表三一致");
    public static readonly RuleDef NarrativeApplicationsTotal = R("narrative-applications-total", RuleCategory.Narrative, Severity.Error, "正文所述申请总数与表三（新收、新收加结转或办理结果总计）一致");
    public static readonly RuleDef NarrativeCompleted = R("narrative-completed", RuleCategory.Narrative, Severity.Error, "正文所述办结数与表三一致");
    public static readonly RuleDef NarrativeCarriedOver = R("narrative-carried-over", RuleCategory.Narrative, Severity.Error, "正文所述结转数与表三一致");
    public static readonly RuleDef NarrativeOutcome = R("narrative-outcome", RuleCategory.Narrative, Severity.Error, "正文所述各类办理结果数与表三一致");
    public static readonly RuleDef NarrativeDecisions = R("narrative-decisions", RuleCategory.Narrative, Severity.Warning, "正文所述行政许可、处罚、强制数量与表二一致");
    public static readonly RuleDef NarrativePartSum = R("narrative-part-sum", RuleCategory.Narrative, Severity.Warning, "正文“其中”所列各项之和与总数一致");
    public static readonly RuleDef NarrativeFees = R("narrative-fees", RuleCategory.Narrative, Severity.Error, "其他需要报告的事项中分项列出的收费之和与表二行政事业性收费一致");
    public static readonly RuleDef NarrativeReviews = R("narrative-reviews", RuleCategory.Narrative, Severity.Error, "正文所述行政复议、行政诉讼件数及其结果与表四一致");
    public static readonly RuleDef NarrativeNoneClaimed = R("narrative-none-claimed", RuleCategory.Narrative, Severity.Error, "正文称未发生的事项在表格中为零");
    public static readonly RuleDef NarrativeYear = R("narrative-year", RuleCategory.Narrative, Severity.Warning, "正文统计数字所属年份与报告年度一致");
    public static readonly RuleDef StatisticsPeriod = R("statistics-period", RuleCategory.Narrative, Severity.Error, "统计期限为报告年度1月1日至12月31日");

    public static readonly RuleDef CheckIncomplete = R("check-incomplete", RuleCategory.Narrative, Severity.Warning, "正文检查在时限内完成");

    // Plausibility.
    public static readonly RuleDef EnforcementZero = R("enforcement-zero", RuleCategory.Plausibility, Severity.Warning, "公安机关的行政许可、行政处罚数量不全为零");
    public static readonly RuleDef DocumentsInForce = R("documents-in-force", RuleCategory.Plausibility, Severity.Warning, "现行有效件数不少于本年制发件数减本年废止件数");

    // Across reports (CrossReportRules): several reports of one agency.
    public static readonly RuleDef CrossYearCarryOver = R("cross-year-carry-over", RuleCategory.Arithmetic, Severity.Error, "本年“二、上年结转”等于上一年度报告“四、结转下年度继续办理”");
    public static readonly RuleDef DuplicateReport = R("duplicate-report", RuleCategory.Metadata, Severity.Warning, "同一份报告不以不同名称重复发布");
    public static readonly RuleDef CopiedForward = R("copied-forward", RuleCategory.Plausibility, Severity.Warning, "表三不与同一机关上一年度报告的表三逐格相同");

    public static IReadOnlyList<RuleDef> All { get; } = typeof(Rules).GetFields()
        .Where(f => f.FieldType == typeof(RuleDef))
        .Select(f => (RuleDef)f.GetValue(null)!)
        .ToArray();

    public static RuleDef ById(string id) => All.First(r => r.Id == id);
}
