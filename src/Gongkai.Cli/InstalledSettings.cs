using Gongkai.Data;
using Gongkai.Data.Installation;
using Microsoft.Extensions.Configuration;

namespace Gongkai.Cli;

/// <summary>
/// Where the commands that open Gongkai's database look when no <c>--sqlite</c>/<c>--postgres</c> is given: the
/// installed configuration (<c>/etc/gongkai/gongkai.json</c> through GONGKAI_CONFIG, which <c>/usr/bin/gongkai</c> sets)
/// and the same environment variables the web application reads; in a source checkout, the demo's database.
/// </summary>
internal sealed class InstalledSettings(IConfiguration config)
{
    /// <summary>The settings, or false with the reason written (a named configuration file missing, unreadable or not JSON).</summary>
    public static bool TryLoad(TextWriter stderr, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out InstalledSettings? settings)
    {
        try
        {
            settings = new InstalledSettings(ConfigurationFile.ForTool());
            return true;
        }
        catch (ConfigurationException e)
        {
            stderr.WriteLine(e.Message);
            settings = null;
            return false;
        }
    }

    public string? DataDirectory => config["Gongkai:DataDirectory"] is { Length: > 0 } d ? d : null;

    public string SqlitePath => DataDirectory is { } d ? Path.Combine(d, "gongkai.db") : Path.Combine("src", "Gongkai.Web", "data", "gongkai.db");

    public string? Postgres => config.GetConnectionString("Postgres") is { Length: > 0 } p ? p : null;

    /// <summary>Gongkai:MasterKeyFile when set (the web application's setting); otherwise the key file beside the database.</summary>
    public string? KeyFile => config["Gongkai:MasterKeyFile"] is { Length: > 0 } k ? k : null;

    /// <summary>Gongkai:AuditCheckpointDirectory when set; otherwise the checkpoints beside the database.</summary>
    public string? CheckpointFolder => config["Gongkai:AuditCheckpointDirectory"] is { Length: > 0 } c ? c : null;

    /// <summary>Gongkai:Backup:Directory when set; otherwise backups go beside the database (BackupLocations).</summary>
    public string? ConfiguredBackupFolder => config["Gongkai:Backup:Directory"] is { Length: > 0 } b ? b : null;

    public int BackupKeepDays => int.TryParse(config["Gongkai:Backup:KeepDays"], out var days) && days > 0 ? days : 14;

    /// <summary>The database a command opens: what its options name, else the configured one.</summary>
    public DatabaseSettings Database(string? postgresOption, string? sqliteOption) =>
        sqliteOption is not null ? new DatabaseSettings(postgresOption, sqliteOption)
        : new DatabaseSettings(postgresOption ?? Postgres, SqlitePath);
}
