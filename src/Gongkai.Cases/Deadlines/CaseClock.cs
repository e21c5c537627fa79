namespace Gongkai.Cases.Deadlines;

/// <summary>A consultation of a third party (条例 第三十二条) or another agency (第三十四条); open while <see cref="EndedOn"/> is null.</summary>
public sealed record Consultation(DateOnly StartedOn, DateOnly? EndedOn);

/// <summary>
/// The dated events that decide a case's statutory deadlines. Deadlines are always recomputed from
/// these, never stored, so that a calendar published or amended later (2020 春节) moves them.
/// </summary>
public sealed record CaseClock(
    DateOnly ReceivedOn,
    DateOnly? CorrectionRequestedOn = null,
    DateOnly? CorrectionReceivedOn = null,
    IReadOnlyList<Consultation>? Consultations = null,
    int ExtensionWorkingDays = 0,
    FeeWait? FeeWait = null,
    int? CorrectionPeriodWorkingDays = null,
    DateOnly? CorrectionDeliveredOn = null);

/// <summary>
/// The wait for an information-processing fee (国办函〔2020〕109号): from the day the fee notice is sent to the
/// day the applicant pays; open while <see cref="PaidOn"/> is null.
/// </summary>
public sealed record FeeWait(DateOnly NoticeOn, DateOnly? PaidOn);
