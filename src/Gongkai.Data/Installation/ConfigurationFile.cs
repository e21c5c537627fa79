using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;

namespace Gongkai.Data.Installation;

/// <summary>A configuration that cannot be used: a file named but missing, unreadable or not JSON, or a setting whose value is wrong. The message is Chinese.</summary>
public sealed class ConfigurationException(string message) : Exception(message);

/// <summary>
/// The installed system's configuration file (<c>/etc/gongkai/gongkai.json</c> in the Debian package), named by the
/// <c>GONGKAI_CONFIG</c> environment variable — the systemd units and <c>/usr/bin/gongkai</c> set it. Every setting that
/// is an environment variable (<c>Gongkai__Smtp__Host</c>) can be written there as JSON (<c>{"Gongkai":{"Smtp":{"Host":…}}}</c>,
/// comments allowed); an environment variable still wins over the file, and the command line over both.
/// </summary>
public static class ConfigurationFile
{
    public const string Variable = "GONGKAI_CONFIG";

    /// <summary>The file named by GONGKAI_CONFIG, or null when none is named (a source checkout, the demo, the tests).</summary>
    public static string? Named => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : null;

    /// <summary>
    /// Puts the named file among the sources of a host's configuration just before its environment variables, so that
    /// the file overrides appsettings.json and the environment overrides the file.
    /// </summary>
    public static void InsertBeforeEnvironment(IConfigurationBuilder builder) => InsertBeforeEnvironment(builder, Named);

    /// <summary>As above, for the file at <paramref name="path"/> (none when null).</summary>
    public static void InsertBeforeEnvironment(IConfigurationBuilder builder, string? path)
    {
        if (path is null)
        {
            return;
        }
        var source = Open(path);
        var at = builder.Sources.ToList().FindIndex(s => s is EnvironmentVariablesConfigurationSource { Prefix: null or "" });
        builder.Sources.Insert(at < 0 ? builder.Sources.Count : at, source);
    }

    /// <summary>A command-line tool's settings: the named file, then the environment.</summary>
    public static IConfiguration ForTool()
    {
        var builder = new ConfigurationBuilder();
        if (Named is { } path)
        {
            builder.Add(Open(path));
        }
        return builder.AddEnvironmentVariables().Build();
    }

    /// <summary>
    /// A setting the framework could not convert (“Failed to convert configuration value 'x' at 'Gongkai:…' to type
    /// 'System.Int64'”), said in Chinese with the setting's name in both spellings; null for any other error.
    /// </summary>
    public static ConfigurationException? Explain(Exception e)
    {
        if (e is ConfigurationException known)
        {
            return known;
        }
        var match = System.Text.RegularExpressions.Regex.Match(e.Message, "^Failed to convert configuration value '(.*)' at '(.*)' to type '(.*)'");
        if (e is not InvalidOperationException || !match.Success)
        {
            return null;
        }
        var kind = match.Groups[3].Value switch
        {
            "System.Boolean" => "true 或 false",
            "System.Int32" or "System.Int64" => "整数",
            "System.Double" => "数字",
            var t => t,
        };
        var key = match.Groups[2].Value;
        return new ConfigurationException($"设置 {key}（环境变量 {key.Replace(":", "__", StringComparison.Ordinal)}）的值“{match.Groups[1].Value}”无效：应为{kind}");
    }

    private static JsonConfigurationSource Open(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new ConfigurationException($"找不到配置文件 {full}（由环境变量 {Variable} 指定）");
        }
        try
        {
            // Parsed once here so that a mistake is reported with the file's name and line, in Chinese, before start.
            using var stream = File.OpenRead(full);
            using var document = System.Text.Json.JsonDocument.Parse(stream, new System.Text.Json.JsonDocumentOptions
            {
                CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true,
            });
            if (document.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                throw new ConfigurationException($"配置文件 {full} 的内容应为一个 JSON 对象（{{ … }}）");
            }
        }
        catch (System.Text.Json.JsonException e)
        {
            // JsonException counts lines and bytes from 0; people count from 1.
            throw new ConfigurationException($"配置文件 {full} 不是有效的 JSON：第 {(e.LineNumber ?? 0) + 1} 行第 {(e.BytePositionInLine ?? 0) + 1} 个字节附近有误");
        }
        catch (UnauthorizedAccessException)
        {
            throw new ConfigurationException($"无权读取配置文件 {full}：它应属于 root、组为 gongkai、权限 0640");
        }
        return new JsonConfigurationSource
        {
            Path = Path.GetFileName(full),
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(Path.GetDirectoryName(full)!),
            Optional = false,
            ReloadOnChange = false,
        };
    }
}
