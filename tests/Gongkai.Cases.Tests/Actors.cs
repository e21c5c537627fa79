using Gongkai.Cases.Cases;

namespace Gongkai.Cases.Tests;

internal static class Actors
{
    public const int Agency = 1;

    public static Actor With(params StaffRole[] roles) => new("u-" + string.Join("-", roles), "测试人员", Agency, roles.ToHashSet(), new HashSet<string>());

    public static Actor Reviewer(string stage) => new("r-" + stage, stage, Agency, new HashSet<StaffRole> { StaffRole.Reviewer }, new HashSet<string> { stage });

    public static Actor Registrar => With(StaffRole.Registrar);

    public static Actor Handler => With(StaffRole.Handler);

    public static Actor Approver => With(StaffRole.Approver);

    public static Applicant Person => Applicant.Create(ApplicantCategory.NaturalPerson, "张三", "居民身份证", "410102199001011234", "13800000000", null, "河南省郑州市",
        id => "enc:" + new string(id.Reverse().ToArray()));

    public static ApplicationCase NewCase(DateOnly? receivedOn = null) =>
        ApplicationCase.Register(Registrar, "2024-000001", Person, Channel.Online, receivedOn ?? new DateOnly(2024, 3, 1), "2023年辖区交通事故统计数据", "电子邮件");
}
