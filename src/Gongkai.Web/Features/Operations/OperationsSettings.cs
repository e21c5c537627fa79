using System.Net;
using Gongkai.Data.Backup;

namespace Gongkai.Web.Features.Operations;

/// <summary>
/// What the IT office watches and its limits: the backup folder and how old its newest good backup may be
/// (<c>Gongkai:Backup:MaxAgeHours</c>, 36 by default: a daily timer that missed one night is noticed the next day; 0 turns
/// the check off), the free space the data disk must keep (<c>Gongkai:Monitoring:MinFreeDiskMb</c>, 1024), and who may
/// read <c>/metrics</c> and <c>/readyz</c> (<c>Gongkai:Monitoring:AllowedNetworks</c>, e.g. "10.0.0.0/8, 192.168.1.5";
/// the machine itself always).
/// </summary>
public sealed record OperationsSettings(string DataDirectory, string BackupFolder, TimeSpan? BackupMaxAge, long MinFreeDiskBytes,
    IReadOnlyList<IPNetwork> AllowedNetworks, bool PdfOff, bool MetricsEnabled = true)
{
    public static OperationsSettings Read(IConfiguration config, string dataDirectory)
    {
        var hours = config.GetValue("Gongkai:Backup:MaxAgeHours", 36.0);
        var networks = new List<IPNetwork>();
        foreach (var part in (config["Gongkai:Monitoring:AllowedNetworks"] ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            networks.Add(IPNetwork.TryParse(part.Contains('/') ? part : part + (part.Contains(':') ? "/128" : "/32"), out var network) ? network
                : throw new Gongkai.Data.Installation.ConfigurationException($"设置 Gongkai:Monitoring:AllowedNetworks 中的“{part}”不是 IP 地址或网段（如 10.0.0.0/8）"));
        }
        return new OperationsSettings(dataDirectory, BackupLocations.Folder(dataDirectory, config["Gongkai:Backup:Directory"]),
            hours > 0 ? TimeSpan.FromHours(hours) : null,
            config.GetValue("Gongkai:Monitoring:MinFreeDiskMb", 1024L) * 1024 * 1024,
            networks,
            PdfOff: !config.GetValue("Gongkai:Pdf:ConvertOnIssue", true),
            // Gongkai:Monitoring:Metrics=false: no /metrics and no meter listener (the load benchmark's comparison).
            MetricsEnabled: config.GetValue("Gongkai:Monitoring:Metrics", true));
    }

    /// <summary>True for the machine itself and the configured networks: the monitoring endpoints are not for the public.</summary>
    public bool MayWatch(IPAddress? address) =>
        address is not null && (IPAddress.IsLoopback(address) || AllowedNetworks.Any(n => n.Contains(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address)));
}
