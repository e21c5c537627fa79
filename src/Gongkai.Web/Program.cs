using Gongkai.Data.Installation;
using Gongkai.Web.Infrastructure;

// Exit code 78 (EX_CONFIG) for what a restart cannot mend — a wrong setting, a missing key file, a failed upgrade —
// so that the service manager does not restart in a loop (gongkai.service: RestartPreventExitStatus=78).
const int ConfigurationError = 78;

WebApplication app;
try
{
    var builder = WebApplication.CreateBuilder(args);
    // The installed system's /etc/gongkai/gongkai.json (GONGKAI_CONFIG), below the environment.
    ConfigurationFile.InsertBeforeEnvironment(builder.Configuration);
    builder.AddGongkai();
    app = builder.Build();
}
catch (Exception e) when (ConfigurationFile.Explain(e) is { } wrong)
{
    Console.Error.WriteLine(wrong.Message + "。Gongkai 未启动。");
    Environment.ExitCode = ConfigurationError;
    return;
}
var listenOn = app.Configuration["urls"] ?? "http://localhost:5000";
app.Logger.LogInformation("Gongkai {Version} 启动（.NET {Runtime}，{Os}）", ReleaseVersion.Display, Environment.Version, System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier);
try
{
    await app.PrepareDatabaseAsync();
    app.UseGongkai();
    await app.RunAsync();
}
catch (Gongkai.Data.Keys.MasterKeyException e)
{
    // A missing or wrong key file: say what to do, in Chinese, instead of a stack trace.
    Console.Error.WriteLine(e.Message);
    Environment.ExitCode = ConfigurationError;
}
catch (UpgradeFailedException e)
{
    // A failed migration: which one, the error, where the backup taken before it is and how to restore it.
    Console.Error.WriteLine(e.Message);
    Environment.ExitCode = ConfigurationError;
}
catch (Exception e) when (ConfigurationFile.Explain(e) is { } wrong)
{
    Console.Error.WriteLine(wrong.Message + "。Gongkai 未启动。");
    Environment.ExitCode = ConfigurationError;
}
catch (IOException e) when (SocketErrorIn(e) is { } socket)
{
    // Kestrel could not listen: a port below 1024 without the privilege (exit 78: a restart will not help), or a port
    // taken by another program (exit 1: it may be the previous instance still stopping; the service manager retries).
    var denied = socket.SocketErrorCode == System.Net.Sockets.SocketError.AccessDenied;
    Console.Error.WriteLine($"无法监听 {listenOn}：" + (denied
        ? "无权使用该端口（1024 以下的端口需要特权）。请让 nginx 监听 80/443，Gongkai 监听 127.0.0.1:5080（设置 Urls）"
        : $"{socket.Message}。端口可能已被其他程序占用（ss -ltnp 查看），或地址不属于本机") + "。Gongkai 未启动。");
    Environment.ExitCode = denied ? ConfigurationError : 1;
}

/// <summary>Kestrel wraps the socket's error (address in use, access denied) in one or two exceptions of its own.</summary>
static System.Net.Sockets.SocketException? SocketErrorIn(Exception e)
{
    for (Exception? inner = e; inner is not null; inner = inner.InnerException)
    {
        if (inner is System.Net.Sockets.SocketException socket)
        {
            return socket;
        }
    }
    return null;
}

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
