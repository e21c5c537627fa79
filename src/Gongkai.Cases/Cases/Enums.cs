namespace Gongkai.Cases.Cases;

/// <summary>Where a case stands in the workflow.</summary>
public enum CaseState
{
    /// <summary>登记: registered, not yet taken up.</summary>
    Registered,

    /// <summary>补正中: the applicant was asked to correct the application (条例 第三十条).</summary>
    AwaitingCorrection,

    /// <summary>办理中: being handled by the responsible unit.</summary>
    InProgress,

    /// <summary>征求意见中: third parties or other agencies consulted (第三十二条, 第三十四条); the clock pauses.</summary>
    Consulting,

    /// <summary>待缴费: a fee notice was sent (国办函〔2020〕109号); the clock pauses until payment, 20 working days at most.</summary>
    AwaitingPayment,

    /// <summary>审核: passing through the agency's review chain.</summary>
    InReview,

    /// <summary>待答复: every review stage approved; the answer can go out.</summary>
    ReadyToAnswer,

    /// <summary>已答复: answered, or closed without an answer letter (三.六.1, 三.六.2).</summary>
    Answered,

    /// <summary>归档.</summary>
    Archived,

    /// <summary>已撤回: withdrawn by the applicant; counted as 三.六.3 其他.</summary>
    Withdrawn,

    /// <summary>已作废: registered in error (a duplicate, a test, a template's sample row); kept and shown, counted nowhere, its number never reused.</summary>
    Voided,
}

/// <summary>Staff roles. A reviewer is bound to the review stages they act on.</summary>
public enum StaffRole
{
    /// <summary>登记员.</summary>
    Registrar,

    /// <summary>承办人.</summary>
    Handler,

    /// <summary>审核人.</summary>
    Reviewer,

    /// <summary>审批领导 — also the head of the disclosure office who approves extensions (第三十三条).</summary>
    Approver,

    /// <summary>管理员.</summary>
    Administrator,

    /// <summary>监督: reads, never changes.</summary>
    Supervisor,
}

/// <summary>The applicant columns of table 三: 自然人, and 法人或其他组织 by kind.</summary>
public enum ApplicantCategory
{
    NaturalPerson,
    CommercialEnterprise,
    ResearchInstitution,
    PublicInterestOrganisation,
    LegalServiceInstitution,
    Other,
}

/// <summary>How the application arrived; decides the date of receipt (条例 第三十一条).</summary>
public enum Channel
{
    InPerson,
    Post,
    Online,
    Fax,
    Other,
}

public static class CaseLabels
{
    public static string Label(this CaseState state) => state switch
    {
        CaseState.Registered => "登记",
        CaseState.AwaitingCorrection => "补正中",
        CaseState.InProgress => "办理中",
        CaseState.Consulting => "征求意见中",
        CaseState.AwaitingPayment => "待缴费",
        CaseState.InReview => "审核",
        CaseState.ReadyToAnswer => "待答复",
        CaseState.Answered => "已答复",
        CaseState.Archived => "归档",
        CaseState.Withdrawn => "已撤回",
        CaseState.Voided => "已作废",
    };

    public static string Label(this StaffRole role) => role switch
    {
        StaffRole.Registrar => "登记员",
        StaffRole.Handler => "承办人",
        StaffRole.Reviewer => "审核人",
        StaffRole.Approver => "审批领导",
        StaffRole.Administrator => "管理员",
        StaffRole.Supervisor => "监督",
    };

    /// <summary>The table 三 column key (the statutory label).</summary>
    public static string ColumnKey(this ApplicantCategory category) => category switch
    {
        ApplicantCategory.NaturalPerson => "自然人",
        ApplicantCategory.CommercialEnterprise => "商业企业",
        ApplicantCategory.ResearchInstitution => "科研机构",
        ApplicantCategory.PublicInterestOrganisation => "社会公益组织",
        ApplicantCategory.LegalServiceInstitution => "法律服务机构",
        ApplicantCategory.Other => "其他",
    };

    public static string Label(this Channel channel) => channel switch
    {
        Channel.InPerson => "当面",
        Channel.Post => "邮寄",
        Channel.Online => "网络",
        Channel.Fax => "传真",
        Channel.Other => "其他",
    };

    public static bool IsOpen(this CaseState state) => state is not (CaseState.Answered or CaseState.Archived or CaseState.Withdrawn or CaseState.Voided);
}
