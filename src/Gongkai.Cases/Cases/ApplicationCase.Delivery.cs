namespace Gongkai.Cases.Cases;

/// <summary>
/// What the applicant's side adds to a case: the day the 补正 notice reached them (送达), from which the period they were
/// given runs, and their online reply to it.
/// </summary>
public sealed partial class ApplicationCase
{
    /// <summary>
    /// The day the current 补正 notice reached the applicant (当面, 邮寄, 电子邮件, 在线), when recorded. 条例 第三十条 gives the
    /// applicant a period to correct; counted from this day when it is known, from the notice's date otherwise.
    /// </summary>
    public DateOnly? CorrectionDeliveredOn { get; private set; }

    /// <summary>
    /// Records a delivery of the 补正 notice: the earliest known day counts. A day before the notice or after the case
    /// left 补正中 changes nothing. Returns whether the case changed.
    /// </summary>
    public bool RecordCorrectionDelivery(DateOnly on)
    {
        if (State != CaseState.AwaitingCorrection || CorrectionRequestedOn is not { } asked || on < asked
            || CorrectionDeliveredOn is { } known && known <= on)
        {
            return false;
        }
        CorrectionDeliveredOn = on;
        Version = Guid.NewGuid();
        return true;
    }
}
