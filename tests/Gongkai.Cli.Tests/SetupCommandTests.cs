using Gongkai.Data;
using Gongkai.Data.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Gongkai.Cli.Tests;

public sealed class SetupCommandTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"gongkai-setup-{Guid.NewGuid():N}", "gongkai.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run([.. args, "--sqlite", path], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Setup_OnANewFile_CreatesTheAgencyAndAnAdministratorWithAOneTimePassword()
    {
        var (code, output, _) = Run("setup", "--name", "新城市公安局", "--prefix", "XCGA", "--admin", "chief", "--phone", "0373-1234567");
        Assert.Equal(CliApp.Ok, code);
        Assert.Contains("初始设置完成", output);
        var password = output.Split("一次性密码：")[1][..12];
        await using var db = DataServices.Open(new DatabaseSettings(null, path));
        var agency = await db.Agencies.SingleAsync();
        Assert.Equal(("新城市公安局", "XCGA", "0373-1234567"), (agency.Name, agency.TrackingPrefix, agency.Office.Phone));
        var user = await db.Users.SingleAsync();
        Assert.True(user.MustChangePassword);
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<Gongkai.Data.Staff.StaffUser>().VerifyHashedPassword(user, user.PasswordHash!, password));
        Assert.Empty(await AuditChain.Verify(db));
    }

    [Fact]
    public void Setup_Twice_IsRefused()
    {
        Assert.Equal(CliApp.Ok, Run("setup", "--name", "新城市公安局", "--prefix", "XCGA", "--admin", "chief").Code);
        var (code, _, error) = Run("setup", "--name", "另一局", "--prefix", "LYJ", "--admin", "other");
        Assert.Equal(CliApp.Unreadable, code);
        Assert.Contains("已完成初始设置", error);
    }

    [Fact]
    public void Setup_BadArguments_AreNamed()
    {
        var (code, _, error) = Run("setup", "--name", "新城市公安局", "--prefix", "新城", "--admin", "chief", "--password", "chief-1234567", "--kind", "警务站");
        Assert.Equal(CliApp.Unreadable, code);
        Assert.Contains("--prefix：受理编号前缀应为2至12个英文字母或数字", error);
        Assert.Contains("--kind：机关类别“警务站”无法识别", error);
        Assert.Contains("--password：密码不能包含用户名", error);
        Assert.False(File.Exists(path) && new FileInfo(path).Length > 0 && HasAgency());
    }

    private bool HasAgency()
    {
        using var db = DataServices.Open(new DatabaseSettings(null, path));
        return db.Agencies.Any();
    }
}
