namespace Gongkai.Web.Infrastructure;

/// <summary>
/// The data folder and the database file are the service account's alone (0700 and 0600): they hold applicants'
/// names, contact details and protected ID numbers. SQLite gives its -wal and -shm files the database file's mode.
/// </summary>
public static class DataFiles
{
    public static void RestrictToOwner(string directory)
    {
        if (!OperatingSystem.IsWindows() && Directory.Exists(directory))
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public static void RestrictFile(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
