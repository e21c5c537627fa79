using System.Runtime.InteropServices;

namespace Gongkai.Web.Infrastructure;

/// <summary>
/// The data folder and everything in it are the service account's alone (0700 and 0600): they hold applicants'
/// names, contact details and protected ID numbers. The process's file-creation mask is set before anything is
/// written, so every file and folder Gongkai creates — the database and its -wal and -shm files, audit checkpoints,
/// saved batch audits, the key file — has that mode from the moment it exists, not after a later chmod.
/// </summary>
public static partial class DataFiles
{
    /// <summary>Files 0600 and folders 0700 for everything this process creates from now on (no effect on Windows).</summary>
    public static void CreateOwnerOnly()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = NativeMethods.umask(0b000_111_111);
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = false)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // A single blittable call; LibraryImport would need unsafe code enabled for the project.
        internal static extern uint umask(uint mask);
#pragma warning restore SYSLIB1054
    }

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
