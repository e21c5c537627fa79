using System.Reflection;

namespace Gongkai.Data.Installation;

/// <summary>
/// The release this build belongs to: <c>Version</c> in Directory.Build.props for a development build,
/// <c>scripts/release.sh VERSION</c> for a release. Shown by <c>gongkai --version</c>, the staff pages' footer,
/// <c>/api/version</c> and the first line of the log.
/// </summary>
public static class ReleaseVersion
{
    /// <summary>The version without build metadata, e.g. "0.23.0" or "0.23.0-dev".</summary>
    public static string Number { get; } = Read().Split('+')[0];

    /// <summary>The source commit the build was made from (first 12 hex digits), when the build knew it.</summary>
    public static string? Commit { get; } = Read().Split('+') is [_, var c, ..] && c.Length > 0 ? c[..Math.Min(12, c.Length)] : null;

    /// <summary>"0.23.0 (c4e050b12345)" — what people read.</summary>
    public static string Display => Commit is null ? Number : $"{Number} ({Commit})";

    private static string Read() =>
        typeof(ReleaseVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
