using Gongkai.Cases.Cases;
using Gongkai.Cases.Reporting;
using Gongkai.Cases.Statistics;
using Gongkai.Reading;
using Gongkai.Reports.Checking;
using Gongkai.Reports.Model;

namespace Gongkai.Cases.Tests;

public class Table2StatisticsTests
{
    private static readonly RegulatoryDocument[] Documents =
    [
        new(RegulatoryDocumentKind.NormativeDocument, "甲", new DateOnly(2021, 3, 1)),
        new(RegulatoryDocumentKind.NormativeDocument, "乙", new DateOnly(2023, 1, 1)),
        new(RegulatoryDocumentKind.NormativeDocument, "丙", new DateOnly(2020, 5, 1), new DateOnly(2023, 12, 31)),
        new(RegulatoryDocumentKind.NormativeDocument, "丁", new DateOnly(2020, 5, 1), new DateOnly(2024, 1, 1)),
        new(RegulatoryDocumentKind.NormativeDocument, "戊", new DateOnly(2024, 1, 1)),
        new(RegulatoryDocumentKind.Rule, "规章甲", new DateOnly(2019, 7, 1)),
    ];

    [Fact]
    public void Documents_CountIssuedAbolishedAndInForceAtTheYearsEdges()
    {
        var table = Table2Statistics.Compute(Documents, null, 2023);
        Assert.Equal(1m, table.Value("行政规范性文件", "本年制发件数"));
        Assert.Equal(1m, table.Value("行政规范性文件", "本年废止件数"));
        Assert.Equal(3m, table.Value("行政规范性文件", "现行有效件数"));
        Assert.Equal(1m, table.Value("规章", "现行有效件数"));
        Assert.Equal(0m, table.Value("规章", "本年制发件数"));
    }

    [Fact]
    public void Figures_Missing_LeaveTheirCellsAbsentNotZero()
    {
        var table = Table2Statistics.Compute(Documents, null, 2023);
        Assert.Null(table["行政许可", "本年处理决定数量"]);
        Assert.Null(table["行政事业性收费", "本年收费金额"]);
    }

    [Fact]
    public void Fees_KeepEveryDecimalDigit()
    {
        var table = Table2Statistics.Compute([], new YearlyAdministrativeFigures(2023, 1, 2, 3, 9486.7475m), 2023);
        Assert.Equal("9486.7475", table["行政事业性收费", "本年收费金额"]!.Text);
    }
}

public class Table4StatisticsTests
{
    [Fact]
    public void Proceedings_PendingAtYearEnd_CountAsPendingThenWithTheirResultNextYear()
    {
        var review = ReviewProceeding.File(ProceedingKind.Reconsideration, null, "某市人民政府", new DateOnly(2023, 11, 20));
        var decided = review.Decide(ProceedingResult.Corrected, new DateOnly(2024, 2, 1));
        Assert.Equal(1m, Table4Statistics.Compute([decided], 2023).Value("行政复议", "尚未审结"));
        var next = Table4Statistics.Compute([decided], 2024);
        Assert.Equal(1m, next.Value("行政复议", "结果纠正"));
        Assert.Equal(1m, next.Value("行政复议", "总计"));
        Assert.Equal(0m, Table4Statistics.Compute([decided], 2025).Value("行政复议", "总计"));
    }

    [Fact]
    public void LawsuitAfterReconsideration_IsMadeFromItAndCountedInItsOwnRow()
    {
        var review = ReviewProceeding.File(ProceedingKind.Reconsideration, Guid.NewGuid(), "某市人民政府", new DateOnly(2023, 3, 1))
            .Decide(ProceedingResult.Upheld, new DateOnly(2023, 5, 1));
        var lawsuit = review.SueAfter("某区人民法院", new DateOnly(2023, 5, 10));
        Assert.Equal(review.Id, lawsuit.FollowsId);
        Assert.Equal(review.CaseId, lawsuit.CaseId);
        var table = Table4Statistics.Compute([review, lawsuit], 2023);
        Assert.Equal(1m, table.Value("行政复议", "结果维持"));
        Assert.Equal(1m, table.Value("复议后起诉", "尚未审结"));
        Assert.Equal(0m, table.Value("未经复议直接起诉", "总计"));
    }

    [Fact]
    public void LawsuitAfterReconsideration_TypedDirectly_IsRefused() =>
        Assert.Throws<ArgumentException>(() => ReviewProceeding.File(ProceedingKind.LawsuitAfterReconsideration, null, "法院", new DateOnly(2023, 1, 1)));

    [Fact]
    public void Decision_BeforeFiling_IsRefused()
    {
        var review = ReviewProceeding.File(ProceedingKind.Reconsideration, null, "某市人民政府", new DateOnly(2023, 3, 1));
        Assert.Throws<ArgumentException>(() => review.Decide(ProceedingResult.Upheld, new DateOnly(2023, 2, 1)));
    }
}

/// <summary>Seed 001 (新乡市公安局 2023) composed from data: its cases, registers and review.</summary>
public class ReportComposerTests
{
    private static AnnualReport Seed001() =>
        ReportReader.Read(File.ReadAllBytes(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seeds"), "001_*.txt").Single()), "001.txt").Report;

    /// <summary>57 applications from natural persons received in 2023: 54 closed by outcome as the seed counts them, 3 still open.</summary>
    private static IEnumerable<CaseFacts> Cases2023()
    {
        var outcomes = new (string Row, int Count)[]
        {
            ("三.一", 25), ("三.二", 3), ("三.三.4", 1), ("三.三.5", 2), ("三.三.6", 1), ("三.四.1", 18), ("三.五.5", 1), ("三.六.3", 3),
        };
        var day = 0;
        foreach (var (row, count) in outcomes)
        {
            for (var i = 0; i < count; i++, day++)
            {
                var received = new DateOnly(2023, 1, 3).AddDays(day * 6);
                yield return new CaseFacts(ApplicantCategory.NaturalPerson, received, received.AddDays(15), row);
            }
        }
        for (var i = 0; i < 3; i++)
        {
            yield return new CaseFacts(ApplicantCategory.NaturalPerson, new DateOnly(2023, 12, 20 + i), null, null);
        }
        // Closed in 2022 and received in 2024: outside the year.
        yield return new CaseFacts(ApplicantCategory.NaturalPerson, new DateOnly(2022, 3, 1), new DateOnly(2022, 3, 20), "三.一");
        yield return new CaseFacts(ApplicantCategory.NaturalPerson, new DateOnly(2024, 1, 2), null, null);
    }

    private static ComposedReport Compose(IReadOnlyDictionary<string, string> sections)
    {
        RegulatoryDocument[] documents =
        [
            .. Enumerable.Range(1, 4).Select(i => new RegulatoryDocument(RegulatoryDocumentKind.NormativeDocument, $"规范性文件{i}", new DateOnly(2018 + i, 6, 1))),
            new(RegulatoryDocumentKind.NormativeDocument, "已废止的文件", new DateOnly(2018, 1, 1), new DateOnly(2022, 6, 30)),
        ];
        var figures = new YearlyAdministrativeFigures(2023, 2439825, 133895, 7815, 9486.7475m);
        var review = ReviewProceeding.File(ProceedingKind.Reconsideration, Guid.NewGuid(), "新乡市人民政府", new DateOnly(2023, 4, 3))
            .Decide(ProceedingResult.Upheld, new DateOnly(2023, 6, 2));
        return ReportComposer.Compose(new ReportDraft("新乡市公安局", 2023, sections),
            Table2Statistics.Compute(documents, figures, 2023),
            Table3Statistics.Compute(Cases2023(), 2023),
            Table4Statistics.Compute([review], 2023),
            new FixedClock(new DateTimeOffset(2024, 1, 20, 0, 0, 0, TimeSpan.FromHours(8))));
    }

    [Fact]
    public void Seed001_ComposedFromData_HasTheSeedsTablesCellByCell()
    {
        var seed = Seed001();
        var composed = Compose(seed.Sections.ToDictionary(s => s.Key, s => s.Value.Text)).Report;
        foreach (var table in seed.Tables)
        {
            foreach (var (row, column, cell) in table.Cells())
            {
                Assert.True(cell?.Value == composed.Table(table.Schema).Value(row.Key, column.Key),
                    $"{table.Schema.Title} {row.Key} {column.Key}: seed {cell?.Value}, composed {composed.Table(table.Schema).Value(row.Key, column.Key)}");
            }
        }
    }

    [Fact]
    public void Seed001_ComposedWithItsOwnText_PassesTheChecker()
    {
        var seed = Seed001();
        var composed = Compose(seed.Sections.ToDictionary(s => s.Key, s => s.Value.Text));
        Assert.Empty(composed.Findings);
        Assert.Equal("新乡市公安局2023年政府信息公开工作年度报告", composed.Report.Title);
    }

    [Fact]
    public void Drafts_TakeEveryNumberFromTheTablesAndPassTheNarrativeChecks()
    {
        var tablesOnly = Compose(new Dictionary<string, string>()).Report;
        var sections = new Dictionary<string, string>
        {
            ["一"] = "2023年，本局认真贯彻落实《中华人民共和国政府信息公开条例》。（一）主动公开。" + NarrativeDrafts.Proactive(tablesOnly.Proactive)
                + "（二）依申请公开。" + NarrativeDrafts.Applications(tablesOnly.Applications)
                + "（三）政府信息管理。（四）政府信息公开平台建设。（五）监督保障。",
            ["二"] = NarrativeDrafts.Proactive(tablesOnly.Proactive),
            ["三"] = NarrativeDrafts.Applications(tablesOnly.Applications),
            ["四"] = NarrativeDrafts.Review(tablesOnly.Review),
            ["五"] = "政府信息公开工作仍存在不足，下一步将加强培训。",
            ["六"] = "本年度未收取信息处理费。",
        };
        Assert.Equal("本年度新收政府信息公开申请57件，上年结转0件，结转下年度继续办理3件。办结54件，其中予以公开25件、部分公开3件、不予公开4件、无法提供18件、不予处理1件、其他处理3件。",
            sections["三"]);
        Assert.Equal("本年度因政府信息公开被申请行政复议1件（维持1件）；未发生因政府信息公开引起的行政诉讼。", sections["四"]);
        var composed = Compose(sections);
        Assert.Empty(composed.Findings);
    }

    [Fact]
    public void TypedNumber_ContradictingTheTables_IsAnErrorThatBlocksPublication()
    {
        var seed = Seed001();
        var sections = seed.Sections.ToDictionary(s => s.Key, s => s.Value.Text);
        sections["三"] = "本年度新收政府信息公开申请75件，办结54件。" + sections["三"];
        var composed = Compose(sections);
        Assert.True(composed.HasErrors);
        Assert.Contains(composed.Findings, f => f.Rule.Category == RuleCategory.Narrative && f.Message.Contains("75", StringComparison.Ordinal));
    }

    [Fact]
    public void OverviewDraft_CoversTheFiveSubsectionsWithTheRegistersNumbersAndPassesTheChecker()
    {
        var tablesOnly = Compose(new Dictionary<string, string>()).Report;
        var channels = ProactiveChannelStatistics.Compute(
            [ProactiveEntry.Tally("门户网站", new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), 636), ProactiveEntry.Tally("政务微博", new DateOnly(2023, 1, 1), new DateOnly(2023, 6, 30), 580),
             ProactiveEntry.Tally("政务微信", new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), 881), ProactiveEntry.Item("政务微信", new DateOnly(2023, 3, 8), "关于某事项的通告")],
            ["门户网站", "政务微博", "政务微信", "政务抖音/头条", "其他"], 2023);
        var overview = NarrativeDrafts.Overview(tablesOnly.Proactive, tablesOnly.Applications, tablesOnly.Review, channels);
        Assert.StartsWith("（一）主动公开。本年度共主动公开政府信息2098条，其中门户网站636条、政务微博580条、政务微信882条。", overview, StringComparison.Ordinal);
        Assert.Contains("（四）政府信息公开平台建设。本机关通过门户网站、政务微博、政务微信等渠道发布政府信息。", overview, StringComparison.Ordinal);
        Assert.Contains("（五）监督保障。本年度因政府信息公开被申请行政复议1件，被提起行政诉讼0件。", overview, StringComparison.Ordinal);
        var sections = new Dictionary<string, string>
        {
            ["一"] = overview,
            ["二"] = NarrativeDrafts.Proactive(tablesOnly.Proactive),
            ["三"] = NarrativeDrafts.Applications(tablesOnly.Applications),
            ["四"] = NarrativeDrafts.Review(tablesOnly.Review),
            ["五"] = "政府信息公开工作仍存在不足，下一步将加强培训。",
            ["六"] = NarrativeDrafts.ProcessingFees(2, 250m),
        };
        Assert.Empty(Compose(sections).Findings);
    }

    [Fact]
    public void ProcessingFeesDraft_StatesWhatWasCollectedOrThatNothingWas()
    {
        Assert.Equal("本年度未收取信息处理费。", NarrativeDrafts.ProcessingFees(0, 0));
        Assert.Equal("本年度依据《政府信息公开信息处理费管理办法》收取信息处理费2件，共计350.5元。", NarrativeDrafts.ProcessingFees(2, 350.50m));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }
}

public class ProactiveChannelTests
{
    private static readonly string[] Channels = ["门户网站", "政务微博", "其他"];

    [Fact]
    public void Totals_ListEveryConfiguredChannelInOrderWithZeros()
    {
        var totals = ProactiveChannelStatistics.Compute([ProactiveEntry.Item("其他", new DateOnly(2024, 2, 1), "甲")], Channels, 2024);
        Assert.Equal([("门户网站", 0L), ("政务微博", 0L), ("其他", 1L)], totals.Select(t => (t.Channel, t.Count)));
    }

    [Fact]
    public void Totals_CountOnlyTheYearsEntries()
    {
        ProactiveEntry[] entries = [ProactiveEntry.Tally("门户网站", new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), 100), ProactiveEntry.Tally("门户网站", new DateOnly(2024, 1, 1), new DateOnly(2024, 3, 31), 7)];
        Assert.Equal(7, ProactiveChannelStatistics.Compute(entries, Channels, 2024)[0].Count);
    }

    [Fact]
    public void Totals_KeepAChannelNoLongerConfigured()
    {
        var totals = ProactiveChannelStatistics.Compute([ProactiveEntry.Item("政务头条", new DateOnly(2024, 2, 1), "甲")], Channels, 2024);
        Assert.Equal(new ChannelTotal("政务头条", 1), totals[^1]);
    }

    [Fact]
    public void Tally_AcrossTwoYears_IsRefusedWithTheDates()
    {
        var e = Assert.Throws<ArgumentException>(() => ProactiveEntry.Tally("门户网站", new DateOnly(2023, 12, 1), new DateOnly(2024, 1, 31), 5));
        Assert.Contains("2023-12-01至2024-01-31跨年度", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tally_EndingBeforeItStarts_IsRefused() =>
        Assert.Throws<ArgumentException>(() => ProactiveEntry.Tally("门户网站", new DateOnly(2024, 3, 1), new DateOnly(2024, 2, 1), 5));

    [Fact]
    public void Item_WithoutTitle_IsRefused() =>
        Assert.Equal("请填写信息标题", Assert.Throws<ArgumentException>(() => ProactiveEntry.Item("门户网站", new DateOnly(2024, 3, 1), " ")).Message);
}

public class ReportCombinerTests
{
    private static AnnualReport Seed(string prefix) =>
        ReportReader.Read(File.ReadAllBytes(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seeds"), prefix + "_*.txt").Single()), prefix + ".txt").Report;

    private static ReportTable Empty(Gongkai.Reports.Schema.TableSchema schema)
    {
        var table = new ReportTable(schema);
        foreach (var (row, column, _) in table.Cells().ToList())
        {
            table[row.Key, column.Key] = CellValue.Of(0);
        }
        return table;
    }

    private static CombinedTables Combine(params DepartmentReport[] departments)
    {
        var f = Gongkai.Reports.Schema.ReportSchema.Format2021;
        return ReportCombiner.Combine(2023, Empty(f.Proactive), Empty(f.Applications), Empty(f.Review), departments);
    }

    private static DepartmentReport Clean(string name, AnnualReport report) => new(name, DepartmentReportSource.PublishedFile, report, ReportChecker.Check(report));

    [Fact]
    public void Combine_TwoCleanReports_SumsEveryCell()
    {
        var a = Seed("001");
        var combined = Combine(Clean("甲局", a), Clean("乙局", Seed("001")));
        foreach (var table in new[] { (a.Proactive, combined.Proactive), (a.Applications, combined.Applications), (a.Review, combined.Review) })
        {
            foreach (var (row, column, cell) in table.Item1.Cells())
            {
                Assert.Equal(cell!.Value * 2, table.Item2.Value(row.Key, column.Key));
            }
        }
        Assert.Equal("18973.4950", combined.Proactive["行政事业性收费", "本年收费金额"]!.Text);
        Assert.Empty(combined.NeedingAttention);
    }

    [Fact]
    public void Combine_ReportSignedByItsOwnDepartment_HasNoIntegrityIssue()
    {
        var a = Seed("001");
        Assert.Empty(Combine(Clean(a.Agency!, a)).IntegrityIssues);
    }

    [Fact]
    public void Combine_UploadSignedByAnotherAgency_IsAnIntegrityIssueNamingBoth_Article49()
    {
        var a = Seed("001");
        var issue = Assert.Single(Combine(Clean("甲局", a)).IntegrityIssues);
        Assert.Equal($"为“甲局”上传的报告所署机关为“{a.Agency}”", issue);
    }

    [Fact]
    public void Combine_OneAgencyUploadedForTwoDepartments_IsCountedTwice()
    {
        var a = Seed("001");
        var issues = Combine(Clean(a.Agency!, a), Clean(a.Agency + " ", Seed("001"))).IntegrityIssues;
        Assert.Contains(issues, i => i.Contains("被重复计入", StringComparison.Ordinal) && i.Contains(a.Agency!, StringComparison.Ordinal));
    }

    [Fact]
    public void Combine_DepartmentInGongkaiAlsoUploadedUnderAnotherName_IsCountedTwice()
    {
        var a = Seed("001");
        var inGongkai = new DepartmentReport(a.Agency!, DepartmentReportSource.Data, Seed("001"), []);
        var issues = Combine(inGongkai, Clean("某外部局", a)).IntegrityIssues;
        Assert.Contains(issues, i => i == $"“{a.Agency}”与“某外部局”是同一机关（{a.Agency}）的报告，被重复计入");
    }

    [Fact]
    public void Combine_GovernmentsOwnReportUploadedAsADepartment_IsCountedTwice()
    {
        var a = Seed("001");
        var f = Gongkai.Reports.Schema.ReportSchema.Format2021;
        var combined = ReportCombiner.Combine(2023, Empty(f.Proactive), Empty(f.Applications), Empty(f.Review), [Clean(a.Agency!, a)], government: a.Agency);
        Assert.Contains(combined.IntegrityIssues, i => i.Contains("本级政府（自身数据）", StringComparison.Ordinal));
    }

    [Fact]
    public void Combine_MissingDepartment_IsListedAndAddsNothing()
    {
        var combined = Combine(Clean("甲局", Seed("001")), DepartmentReport.Missing("乙局"));
        var missing = Assert.Single(combined.NeedingAttention);
        Assert.Equal(("乙局", "未提交年度报告"), (missing.Department, missing.Remark));
        Assert.Equal(57m, combined.Applications.Value("一", "总计"));
    }

    [Fact]
    public void Combine_ReportOfAnotherYear_IsLeftOutWithTheReason()
    {
        var combined = Combine(Clean("平顶山市公安局", Seed("002")));
        var status = Assert.Single(combined.Departments);
        Assert.False(status.Included);
        Assert.Equal("报告年度为2024年，不是2023年，未计入", status.Remark);
        Assert.Equal(0m, combined.Applications.Value("一", "总计"));
    }

    [Fact]
    public void Combine_ReportWithCheckerErrors_IsLeftOutAndTheErrorsNamed()
    {
        var broken = Seed("001");
        broken.Applications["一", "总计"] = CellValue.Of(99);
        var status = Assert.Single(Combine(Clean("甲局", broken)).Departments);
        Assert.False(status.Included);
        Assert.StartsWith("检查发现", status.Remark, StringComparison.Ordinal);
        Assert.Contains("未计入", status.Remark, StringComparison.Ordinal);
    }

    [Fact]
    public void Combine_UnpublishedDepartmentInGongkai_IsCountedButNeedsAttention()
    {
        var combined = Combine(new DepartmentReport("甲局", DepartmentReportSource.Data, Seed("001"), [], Published: false));
        var status = Assert.Single(combined.NeedingAttention);
        Assert.True(status.Included);
        Assert.Equal(57m, combined.Applications.Value("一", "总计"));
    }

    [Fact]
    public void Compose_Government_TurnsEveryDepartmentNeedingAttentionIntoAWarning()
    {
        var combined = Combine(Clean("甲局", Seed("001")), DepartmentReport.Missing("乙局"));
        var composed = ReportComposer.Compose(new ReportDraft("某市人民政府", 2023, new Dictionary<string, string>()), combined);
        Assert.Contains(composed.Warnings, w => w.Rule == ReportCombiner.DepartmentNotIncluded && w.Message == "乙局：未提交年度报告");
        Assert.Same(combined, composed.Combined);
    }

    [Fact]
    public void Checker_GovernmentReportWithoutAssessmentResults_Warns()
    {
        var combined = Combine(Clean("甲局", Seed("001")));
        var sections = Seed("001").Sections.ToDictionary(s => s.Key, s => s.Value.Text);
        var without = ReportComposer.Compose(new ReportDraft("某市人民政府", 2023, sections), combined);
        Assert.Contains(without.Warnings, w => w.Rule == Rules.GovernmentAssessment);
        sections["五"] += "本年度开展政府信息公开工作考核、社会评议，未发生责任追究情况。";
        var with = ReportComposer.Compose(new ReportDraft("某市人民政府", 2023, sections), combined);
        Assert.DoesNotContain(with.Warnings, w => w.Rule == Rules.GovernmentAssessment);
    }
}

public class OverviewTextTests
{
    [Fact]
    public void Split_Seed001Overview_FindsOpeningAndFiveSubsections()
    {
        var seed = ReportReader.Read(File.ReadAllBytes(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seeds"), "001_*.txt").Single()), "001.txt").Report;
        var (opening, parts) = OverviewText.Split(seed.Sections["一"].Text);
        Assert.StartsWith("主动公开情况。2023 年，市公安局共发布各类政府信息 2098 条", parts[0], StringComparison.Ordinal);
        Assert.StartsWith("监督保障情况。", parts[4], StringComparison.Ordinal);
        Assert.All(parts, p => Assert.NotEmpty(p));
        Assert.DoesNotContain("（二）", parts[0], StringComparison.Ordinal);
        Assert.NotNull(opening);
    }

    [Fact]
    public void JoinAfterSplit_KeepsEverySubsectionsText()
    {
        var text = "开头一段。\n（一）主动公开。甲。\n乙。\n（三）政府信息管理。丙，依据第二十条第（一）项。\n（五）监督保障。丁。";
        var (opening, parts) = OverviewText.Split(text);
        Assert.Equal(["主动公开。甲。\n乙。", "", "政府信息管理。丙，依据第二十条第（一）项。", "", "监督保障。丁。"], parts);
        Assert.Equal(text, OverviewText.Join(opening, parts));
    }

    [Fact]
    public void Split_MarkersOutOfOrder_KeepsTheTextWholeAsTheOpening()
    {
        var text = "（二）依申请公开。甲。\n（一）主动公开。乙。";
        var (opening, parts) = OverviewText.Split(text);
        Assert.Equal(text, opening);
        Assert.All(parts, p => Assert.Equal("", p));
    }

    [Fact]
    public void Split_TextWithoutMarkers_IsAllOpening()
    {
        var (opening, parts) = OverviewText.Split("本年度认真贯彻落实条例。");
        Assert.Equal("本年度认真贯彻落实条例。", opening);
        Assert.Equal(5, parts.Count);
    }
}
