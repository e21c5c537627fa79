using System.CommandLine;
using Gongkai.Cases.Agencies;
using Gongkai.Data;
using Gongkai.Data.Setup;
using Gongkai.Data.Staff;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Cli;

/// <summary>
/// <c>gongkai setup --name … --kind … --prefix … --admin … [--password …] [--sqlite FILE | --postgres CONN]</c>:
/// the web app's one-time set-up from the command line, for scripted installs. Migrates the database, then
/// creates the top agency and its first administrator; refused once an agency exists. Without --password a
/// one-time password is printed, to be changed at the first sign-in.
/// </summary>
internal static class SetupCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var sqlite = new Option<string?>("--sqlite") { Description = "SQLite 数据库文件（默认：配置的数据目录中的 gongkai.db，源码目录中为 src/Gongkai.Web/data/gongkai.db；不存在则创建）" };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL 连接字符串（默认：配置的 ConnectionStrings:Postgres）" };
        var name = new Option<string>("--name") { Description = "机关名称，如 新城市公安局", Required = true };
        var kind = new Option<string>("--kind") { Description = "机关类别：市局、分局/县局、部门/警种/派出所、人民政府", DefaultValueFactory = _ => "市局" };
        var prefix = new Option<string>("--prefix") { Description = "受理编号前缀，2至12个英文字母或数字，如 XCGA", Required = true };
        var admin = new Option<string>("--admin") { Description = "第一个管理员的用户名", Required = true };
        var adminName = new Option<string>("--admin-name") { Description = "管理员姓名", DefaultValueFactory = _ => "系统管理员" };
        var password = new Option<string?>("--password") { Description = "管理员密码；不给出则生成一次性密码，首次登录时须修改" };
        var address = new Option<string?>("--address") { Description = "政府信息公开工作机构的办公地址" };
        var hours = new Option<string?>("--hours") { Description = "办公时间" };
        var phone = new Option<string?>("--phone") { Description = "联系电话" };
        var fax = new Option<string?>("--fax") { Description = "传真" };
        var email = new Option<string?>("--email") { Description = "电子邮箱" };
        var postcode = new Option<string?>("--postcode") { Description = "邮政编码" };
        var command = new Command("setup", "初始设置：在没有任何机关的数据库中创建本机关和第一个管理员（只能执行一次）")
        {
            name, kind, prefix, admin, adminName, password, address, hours, phone, fax, email, postcode, sqlite, postgres,
        };
        command.SetAction(parse =>
        {
            if (!InstalledSettings.TryLoad(stderr, out var installed))
            {
                return CliApp.Unreadable;
            }
            var settings = installed.Database(parse.GetValue(postgres), parse.GetValue(sqlite));
            var given = parse.GetValue(password);
            var oneTime = string.IsNullOrEmpty(given);
            var secret = oneTime ? PasswordPolicy.OneTime() : given!;
            var input = new FirstAgencyInput(parse.GetValue(name), parse.GetValue(kind), parse.GetValue(prefix),
                new DisclosureOffice(parse.GetValue(address), parse.GetValue(hours), parse.GetValue(phone), parse.GetValue(fax), parse.GetValue(email), parse.GetValue(postcode)),
                parse.GetValue(admin), parse.GetValue(adminName), secret);
            try
            {
                if (!settings.UsesPostgres)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.SqlitePath))!);
                }
                using var db = DataServices.Open(settings);
                db.Database.Migrate();
                SqliteDurability.UseWriteAheadLogAsync(db).GetAwaiter().GetResult();
                var outcome = FirstAgencySetup.RunAsync(db, input, TimeProvider.System, oneTime).GetAwaiter().GetResult();
                if (!outcome.Succeeded)
                {
                    foreach (var (field, message) in outcome.Errors)
                    {
                        stderr.WriteLine(field.Length == 0 ? message : $"{Label(field)}：{message}");
                    }
                    return CliApp.Unreadable;
                }
                if (!settings.UsesPostgres)
                {
                    // The web page's 初始设置码 (SetupCode) is spent: set-up is done.
                    File.Delete(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settings.SqlitePath))!, "setup-code"));
                }
                stdout.WriteLine($"初始设置完成（{settings.Describe()}）：机关“{input.Name!.Trim()}”，管理员 {outcome.AdminUserName}");
                if (oneTime)
                {
                    stdout.WriteLine($"一次性密码：{secret}（只显示这一次，首次登录时须修改）");
                }
                return CliApp.Ok;
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException)
            {
                stderr.WriteLine($"无法打开或写入数据库（{settings.Describe()}）：{e.Message}");
                return CliApp.Unreadable;
            }
        });
        return command;
    }

    private static string Label(string field) => field switch
    {
        "Name" => "--name",
        "Kind" => "--kind",
        "TrackingPrefix" => "--prefix",
        "AdminUserName" => "--admin",
        "AdminDisplayName" => "--admin-name",
        "AdminPassword" => "--password",
        "Email" => "--email",
        "Postcode" => "--postcode",
        "Phone" => "--phone",
        "Fax" => "--fax",
        _ => field,
    };
}
