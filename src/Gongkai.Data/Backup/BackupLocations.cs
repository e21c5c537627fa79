namespace Gongkai.Data.Backup;

/// <summary>
/// Where backups go: <c>Gongkai:Backup:Directory</c>, or <c>backups/</c> in the data directory. The scheduled backup
/// (<c>gongkai backup --scheduled</c>, run daily by gongkai-backup.timer) and the backup taken before an upgrade's
/// migrations both write there; the web application reads the scheduled one's record from there.
/// </summary>
public static class BackupLocations
{
    public const string FolderName = "backups";

    public static string Folder(string dataDirectory, string? configured) =>
        string.IsNullOrWhiteSpace(configured) ? Path.Combine(dataDirectory, FolderName) : configured;
}
