using Gongkai.Cases.Cases;
using Gongkai.Reports.Schema;

namespace Gongkai.Web.Features.Cases;

/// <summary>A case as staff see it (API and pages): the ID number only masked.</summary>
public sealed record CaseView(
    Guid Id, Guid Version, int AgencyId, string TrackingNumber, string State, string StateLabel,
    string ApplicantCategory, string ApplicantName, string IdType, string MaskedIdNumber, string Phone, string? Email, string? Address,
    string Channel, DateOnly ReceivedOn, string Request, string DeliveryForm,
    string? HandlerId, string? ReviewStage, string? OutcomeRow, string? OutcomeLabel, string? LegalBasis, string? AnswerText, string? LastComment,
    DateOnly? DueOn, bool DueProvisional, int ExtensionWorkingDays, DateOnly? ClosedOn, IReadOnlyList<string> DeadlineExplanation)
{
    /// <summary>Suggestions for the handler: possible repeat (三.五.2) or mass applications (第三十五条).</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary>For 三.四.1 under 条例 第三十六条（五）: the agency responsible and its contact, as the answer names them.</summary>
    public string? CompetentAgency { get; init; }

    /// <summary>For a voided registration (作废): when and why.</summary>
    public DateOnly? VoidedOn { get; init; }

    public string? VoidReason { get; init; }

    /// <summary>The agency the application was addressed to when it landed here because that agency has no registrar.</summary>
    public int? AddressedAgencyId { get; init; }

    /// <summary>The 补正 items as recorded (条例 第三十条).</summary>
    public string? CorrectionItems { get; init; }

    /// <summary>How often the applicant's data or the request were corrected (each change in the history).</summary>
    public int CorrectionCount { get; init; }

    /// <summary>The fee charged (国办函〔2020〕109号), e.g. “按量计收 250页，4700元；2026-11-24 发出收费通知，未缴费”; null when none.</summary>
    public string? Fee { get; init; }

    public static CaseView Of(ApplicationCase c, ReviewChain chain, IReadOnlyList<string> explanation) => new(
        c.Id, c.Version, c.AgencyId, c.TrackingNumber, c.State.ToString(), c.State.Label(),
        RegisterInput.CategoryLabel(c.Applicant.Category), c.Applicant.Name, c.Applicant.IdType, c.Applicant.MaskedIdNumber, c.Applicant.Phone, c.Applicant.Email, c.Applicant.Address,
        c.Channel.Label(), c.ReceivedOn, c.Request, c.DeliveryForm,
        c.HandlerId, c.State == CaseState.InReview && c.ReviewStage < chain.Stages.Count ? chain.Stages[c.ReviewStage].Name : null,
        c.OutcomeRow, DescribeOutcome(c.OutcomeRow), c.LegalBasis, c.AnswerText, c.LastComment,
        c.DueOn, c.DueProvisional, c.ExtensionWorkingDays, c.ClosedOn, explanation)
    {
        CompetentAgency = c.CompetentAgency,
        VoidedOn = c.VoidedOn,
        VoidReason = c.VoidReason,
        AddressedAgencyId = c.AddressedAgencyId,
        CorrectionItems = c.CorrectionItems,
        CorrectionCount = c.CorrectionCount,
        Fee = c.FeeBasis is not { } basis ? null : string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Gongkai.Cases.Fees.FeeCalculator.Label(basis)} {c.FeeQuantity}{(basis == Gongkai.Cases.Fees.FeeBasis.PerPage ? "页" : "件")}，{c.FeeYuan:0.##}元；{c.FeeNoticeOn:yyyy-MM-dd} 发出收费通知，{(c.FeePaidOn is { } paid ? $"{paid:yyyy-MM-dd} 已缴费" : "未缴费")}"),
    };

    /// <summary>The outcome as an applicant reads it, without the report's row numbering, e.g. “不予公开：属于国家秘密”.</summary>
    public static string? PublicOutcome(string? row)
    {
        if (row is null || ReportSchema.Format2021.Applications.RowIndex(row) < 0)
        {
            return null;
        }
        var def = ReportSchema.Format2021.Applications.Row(row);
        // Numbering and the statistician's note (“区分处理的，只计这一情形…”) mean nothing to an applicant.
        static string Bare(string label) => System.Text.RegularExpressions.Regex.Replace(label, @"^(（[一二三四五六七八九十]+）|\d+\.)\s*|（区分处理的[^）]*）$", "");
        return def.Groups.Count > 1 ? $"{Bare(def.Groups[^1].Label)}：{Bare(def.Label)}" : Bare(def.Label);
    }

    public static string? DescribeOutcome(string? row)
    {
        if (row is null || ReportSchema.Format2021.Applications.RowIndex(row) < 0)
        {
            return null;
        }
        var def = ReportSchema.Format2021.Applications.Row(row);
        var group = def.Groups.Count > 1 ? def.Groups[^1].Label + " " : "";
        return $"{row} {group}{def.Label}";
    }
}
