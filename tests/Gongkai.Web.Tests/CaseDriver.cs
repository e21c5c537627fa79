using System.Text.Json;
using Gongkai.Cases.Cases;

namespace Gongkai.Web.Tests;

/// <summary>Takes a new case of the test city bureau to any state through the API, as the right people.</summary>
internal static class CaseDriver
{
    public static async Task<JsonElement> DriveTo(GongkaiFactory f, CaseState target)
    {
        var registrar = await f.ApiAs("registrar");
        var handler = await f.ApiAs("handler");
        var c = await Api.Register(registrar);
        switch (target)
        {
            case CaseState.Registered:
                return c;
            case CaseState.AwaitingCorrection:
                return await Api.ActOk(handler, c, CaseAction.RequestCorrection, Api.FieldsFor(CaseAction.RequestCorrection));
            case CaseState.Withdrawn:
                return await Api.ActOk(registrar, c, CaseAction.Withdraw, Api.FieldsFor(CaseAction.Withdraw));
        }
        c = await Api.ActOk(handler, c, CaseAction.Accept);
        if (target == CaseState.InProgress)
        {
            return c;
        }
        if (target == CaseState.Consulting)
        {
            return await Api.ActOk(handler, c, CaseAction.StartConsultation, Api.FieldsFor(CaseAction.StartConsultation));
        }
        if (target == CaseState.AwaitingPayment)
        {
            return await Api.ActOk(handler, c, CaseAction.NoticeFee, Api.FieldsFor(CaseAction.NoticeFee));
        }
        c = await Api.ActOk(handler, c, CaseAction.SubmitForReview, Api.FieldsFor(CaseAction.SubmitForReview));
        if (target == CaseState.InReview)
        {
            return c;
        }
        c = await Api.ActOk(await f.ApiAs("reviewer"), c, CaseAction.Approve, Api.FieldsFor(CaseAction.Approve));
        c = await Api.ActOk(await f.ApiAs("approver"), c, CaseAction.Approve, Api.FieldsFor(CaseAction.Approve));
        if (target == CaseState.ReadyToAnswer)
        {
            return c;
        }
        c = await Api.ActOk(handler, c, CaseAction.Answer, Api.FieldsFor(CaseAction.Answer));
        if (target == CaseState.Answered)
        {
            return c;
        }
        return await Api.ActOk(registrar, c, CaseAction.Archive);
    }

    /// <summary>A state each action can start from.</summary>
    public static CaseState StartFor(CaseAction action) => CaseWorkflow.Rule(action).From.Order().First();
}
