using Gongkai.Cases.Agencies;
using Gongkai.Cases.Cases;
using Gongkai.Web.Features.Cases;
using Gongkai.Web.Infrastructure;

namespace Gongkai.Web.Features.Admin;

/// <summary>
/// JSON API for administrators (scripted installs) and the audit trail: accounts, agencies and the audit log, through
/// the same services as the 账号管理, 机关管理 and 审计日志 pages, so the API refuses exactly what the pages refuse, in
/// the same words (<see cref="ApiErrors"/>). Bearer tokens carry no cookie, so these need no anti-forgery token.
/// </summary>
public static class AdminEndpoints
{
    public sealed record AccountInput(int? AgencyId, string? UserName, string? DisplayName, string[]? Roles, string[]? Stages);

    public sealed record AccountChange(string? DisplayName, string[]? Roles, string[]? Stages);

    public sealed record OfficeInput(string? Address, string? Hours, string? Phone, string? Fax, string? Email, string? Postcode);

    public sealed record AgencyBody(string? Name, string? Kind, int? ParentId, string? TrackingPrefix, int? GovernmentId, string? LetterCode,
        OfficeInput? Office, int? CorrectionPeriodWorkingDays);

    private const string OnlyAdministrators = "只有管理员可以管理账号和机关";

    public static void MapAdminEndpoints(this RouteGroupBuilder api)
    {
        MapAccounts(api.MapGroup("/accounts").WithTags("账号管理"));
        MapAgencies(api.MapGroup("/agencies").WithTags("机关管理"));
        MapAudit(api);
    }

    private static void MapAccounts(RouteGroupBuilder accounts)
    {
        accounts.MapGet("/", async (CurrentStaff staff, AccountService service, CancellationToken ct) =>
            staff.Actor.Has(StaffRole.Administrator)
                ? Results.Ok((await service.ListAsync(staff.Actor, ct)).Select(View))
                : Forbidden())
            .WithSummary("本机关及下级机关的账号：id、用户名、姓名、机关、角色、审核环节、是否停用、是否锁定（仅管理员）");

        accounts.MapPost("/", async (AccountInput input, CurrentStaff staff, AccountService service, CancellationToken ct) =>
        {
            if (ParseRoles(input.Roles) is not { } roles)
            {
                return BadRoles(input.Roles);
            }
            var created = await service.CreateAsync(staff.Actor, input.AgencyId ?? staff.Actor.AgencyId, input.UserName, input.DisplayName, roles, Stages(input.Stages), ct);
            if (!created.IsOk)
            {
                return ApiErrors.Problem(created);
            }
            var row = (await service.ListAsync(staff.Actor, ct)).Single(r => r.UserName == input.UserName!.Trim());
            return Results.Created($"/api/accounts/{row.Id}", new { Account = View(row), OneTimePassword = created.Value, MustChangePassword = true });
        }).WithSummary("创建账号：{agencyId（默认本机关）, userName, displayName, roles, stages}；返回只显示一次的一次性密码，首次登录后须修改")
          .WithDescription("roles 取值：" + string.Join("、", Enum.GetValues<StaffRole>().Select(r => $"{r}（{r.Label()}）")) + "。管理员不能修改自己的账号的角色和审核环节。");

        accounts.MapPut("/{id}", async (string id, AccountChange input, CurrentStaff staff, AccountService service, CancellationToken ct) =>
        {
            if (ParseRoles(input.Roles) is not { } roles)
            {
                return BadRoles(input.Roles);
            }
            var result = await service.EditAsync(staff.Actor, id, input.DisplayName, roles, Stages(input.Stages), ct);
            return result.IsOk ? Results.Ok(View(result.Value!)) : ApiErrors.Problem(result);
        }).WithSummary("修改账号的姓名、角色和审核环节：{displayName, roles, stages}（不能修改自己的角色和审核环节，须由另一位管理员操作）");

        accounts.MapPost("/{id}/reset-password", async (string id, CurrentStaff staff, AccountService service, CancellationToken ct) =>
        {
            var result = await service.ResetPasswordAsync(staff.Actor, id, ct);
            return result.IsOk ? Results.Ok(new { OneTimePassword = result.Value, MustChangePassword = true }) : ApiErrors.Problem(result);
        }).WithSummary("重置密码：返回只显示一次的一次性密码（下次登录时须修改），并解除锁定；不能重置自己的密码");

        accounts.MapPost("/{id}/disable", async (string id, CurrentStaff staff, AccountService service, CancellationToken ct) =>
            Answer(await service.SetDisabledAsync(staff.Actor, id, true, ct)))
            .WithSummary("停用账号（账号保留，审计记录仍指向它）；不能停用自己的账号");

        accounts.MapPost("/{id}/enable", async (string id, CurrentStaff staff, AccountService service, CancellationToken ct) =>
            Answer(await service.SetDisabledAsync(staff.Actor, id, false, ct)))
            .WithSummary("启用账号（同时解除锁定）");
    }

    private static void MapAgencies(RouteGroupBuilder agencies)
    {
        agencies.MapGet("/", async (CurrentStaff staff, AgencyService service, CancellationToken ct) =>
        {
            if (!staff.Actor.Has(StaffRole.Administrator))
            {
                return Forbidden();
            }
            var list = await service.ListAsync(staff.Actor, ct);
            return Results.Ok(list.Select(a => View(a, list, staff.Actor.AgencyId)));
        }).WithSummary("本机关及下级机关，按树的顺序（每个机关之后是它的下级机关），depth 为层级（本机关为0）（仅管理员）");

        agencies.MapPost("/", async (AgencyBody input, CurrentStaff staff, AgencyService service, CancellationToken ct) =>
        {
            var result = await service.CreateAsync(staff.Actor, Input(input, staff.Actor.AgencyId), ct);
            return result.IsOk ? Results.Created($"/api/agencies/{result.Value!.Id}", View(result.Value, [], staff.Actor.AgencyId)) : ApiErrors.Problem(result);
        }).WithSummary("创建下级机关：{name, kind, parentId（默认本机关）, trackingPrefix, governmentId, letterCode, office{address, hours, phone, fax, email, postcode}}")
          .WithDescription("kind：市局、分局/县局、部门/警种/派出所、人民政府（或 CityBureau、DistrictBureau、Unit、Government）。letterCode 为文书编号的机关代字（1至10个汉字或字母，不含数字和〔〕），可省略。");

        agencies.MapPut("/{id:int}", async (int id, AgencyBody input, CurrentStaff staff, AgencyService service, CancellationToken ct) =>
        {
            // An omitted parentId keeps the agency where it is (moving is the exception, and the top agency has none).
            var current = (await service.ListAsync(staff.Actor, ct)).FirstOrDefault(a => a.Id == id);
            var result = await service.UpdateAsync(staff.Actor, id, Input(input, current?.ParentId), ct);
            return result.IsOk ? Results.Ok(View(result.Value!, [], staff.Actor.AgencyId)) : ApiErrors.Problem(result);
        }).WithSummary("修改机关（整体替换：省略的 letterCode、office 字段被清空；parentId、correctionPeriodWorkingDays 省略则不变）");

        agencies.MapPost("/{id:int}/retire", async (int id, CurrentStaff staff, AgencyService service, CancellationToken ct) =>
        {
            var result = await service.SetRetiredAsync(staff.Actor, id, true, ct);
            return result.IsOk ? Results.Ok(View(result.Value!, [], staff.Actor.AgencyId)) : ApiErrors.Problem(result);
        }).WithSummary("停用（撤销）机关：门户网站不再显示，不再受理新的申请；已有申请、文书和年度报告保留可查。本机关和仍有未停用下级机关的机关不能停用");

        agencies.MapPost("/{id:int}/reinstate", async (int id, CurrentStaff staff, AgencyService service, CancellationToken ct) =>
        {
            var result = await service.SetRetiredAsync(staff.Actor, id, false, ct);
            return result.IsOk ? Results.Ok(View(result.Value!, [], staff.Actor.AgencyId)) : ApiErrors.Problem(result);
        }).WithSummary("恢复已停用的机关");
    }

    private static void MapAudit(RouteGroupBuilder api) =>
        api.MapGet("/audit", async (string? person, string? action, string? @case, int? agencyId, DateOnly? from, DateOnly? to, int? page,
            CurrentStaff staff, AuditLog log, CancellationToken ct) =>
        {
            var result = await log.PageAsync(staff.Actor, new AuditFilter(person, action, @case, agencyId, from, to, page ?? 1), ct);
            return result.IsOk
                ? Results.Ok(new
                {
                    result.Value!.Total, result.Value.Page, result.Value.PageSize,
                    Rows = result.Value.Rows.Select(r => new
                    {
                        r.Sequence, r.At, r.UserId, r.UserName, r.AgencyId, r.AgencyName, r.Action, r.ActionLabel, r.EntityType, r.EntityId, r.TrackingNumber,
                        r.Summary, r.Before, r.After,
                    }),
                })
                : ApiErrors.Problem(result);
        }).WithTags("审计日志")
          .WithSummary("审计日志（管理员、监督人员；本机关及下级机关），新的在前，每页50条：person（账号 id、用户名或姓名）、action（操作或操作组）、case（受理编号）、agencyId、from、to（北京时间日期，含当天）、page")
          .WithDescription("action 可为单个操作（如 SignIn、SignInFailed、SignInLockedOut、CreateUser、EditAgency、Accept），或操作组："
              + string.Join("、", AuditLog.Groups.Select(g => $"{g.Key}（{g.Value.Label}）")) + "。读取审计日志不会写入任何记录。");

    private static IResult Forbidden() => Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: OnlyAdministrators);

    private static IResult Answer(CaseResult<AccountRow> result) => result.IsOk ? Results.Ok(View(result.Value!)) : ApiErrors.Problem(result);

    /// <summary>Roles by name only (never a number, as everywhere in the API); null when one is not a role.</summary>
    private static List<StaffRole>? ParseRoles(string[]? names)
    {
        var roles = new List<StaffRole>();
        foreach (var name in names ?? [])
        {
            if (!ApiErrors.TryParseName<StaffRole>(name?.Trim(), out var role))
            {
                return null;
            }
            roles.Add(role);
        }
        return roles.Distinct().ToList();
    }

    private static IResult BadRoles(string[]? names)
    {
        var bad = (names ?? []).Where(n => !ApiErrors.TryParseName<StaffRole>(n?.Trim(), out _)).Select(n => $"“{n}”");
        var message = $"角色{string.Join("、", bad)}无法识别，应为：{string.Join("、", Enum.GetValues<StaffRole>().Select(r => $"{r}（{r.Label()}）"))}";
        return Results.ValidationProblem(new Dictionary<string, string[]> { ["Roles"] = [message] }, title: "角色无效");
    }

    private static List<string> Stages(string[]? stages) =>
        (stages ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct(StringComparer.Ordinal).ToList();

    private static object View(AccountRow r) => new
    {
        r.Id, r.UserName, r.DisplayName, r.AgencyId, r.AgencyName, Roles = r.Roles.Select(x => x.ToString()), r.Stages, r.Disabled, Locked = r.LockedOut, r.MustChangePassword,
    };

    private static AgencyInput Input(AgencyBody b, int? defaultParent) => new(b.Name, b.Kind, b.ParentId ?? defaultParent, b.TrackingPrefix, b.GovernmentId,
        new DisclosureOffice(b.Office?.Address, b.Office?.Hours, b.Office?.Phone, b.Office?.Fax, b.Office?.Email, b.Office?.Postcode), b.CorrectionPeriodWorkingDays, b.LetterCode);

    private static object View(Agency a, IReadOnlyList<Agency> tree, int ownAgencyId)
    {
        var depth = 0;
        for (var at = a; at.Id != ownAgencyId && at.ParentId is { } p && tree.FirstOrDefault(x => x.Id == p) is { } parent; at = parent)
        {
            depth++;
        }
        return new
        {
            a.Id, a.Name, Kind = a.Kind.ToString(), KindLabel = Agency.KindLabel(a.Kind), a.ParentId, Depth = depth, a.TrackingPrefix, a.LetterCode, a.GovernmentId,
            a.Office, a.CorrectionPeriodWorkingDays, Retired = a.IsRetired, a.RetiredOn,
        };
    }
}
