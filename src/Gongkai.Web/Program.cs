using Gongkai.Data.Installation;
using Gongkai.Web.Infrastructure;

WebApplicationBuilder builder;
try
{
    builder = WebApplication.CreateBuilder(args);
    // The installed system's /etc/gongkai/gongkai.json (GONGKAI_CONFIG), below the environment.
    ConfigurationFile.InsertBeforeEnvironment(builder.Configuration);
}
catch (ConfigurationFileException e)
{
    Console.Error.WriteLine(e.Message);
    Environment.ExitCode = 78; // EX_CONFIG: the service manager should not restart in a loop.
    return;
}
builder.AddGongkai();

var app = builder.Build();
app.Logger.LogInformation("Gongkai {Version} 启动（.NET {Runtime}，{Os}）", ReleaseVersion.Display, Environment.Version, System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier);
try
{
    await app.PrepareDatabaseAsync();
}
catch (Gongkai.Data.Keys.MasterKeyException e)
{
    // A missing or wrong key file: say what to do, in Chinese, instead of a stack trace.
    Console.Error.WriteLine(e.Message);
    Environment.ExitCode = 78; // EX_CONFIG: the service manager should not restart in a loop.
    return;
}
catch (UpgradeFailedException e)
{
    // A failed migration: which one, the error, where the backup taken before it is and how to restore it.
    Console.Error.WriteLine(e.Message);
    Environment.ExitCode = 78;
    return;
}
app.UseGongkai();
await app.RunAsync();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
