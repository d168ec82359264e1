using System.Collections.Immutable;
using System.Globalization;
using Ferry.Core.Identity;

namespace Ferry.Accounts;

/// <summary>One short line for `ferry account list`: "quota 10 GB; up 2 MiB/s; drop box; TLS required; /reports=/srv/reports"; "-" for none.</summary>
public static class AccountSettingsSummary
{
    public static string Describe(AccountLimits limits, AccountPolicy policy, ImmutableArray<FolderMount> mounts = default)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(policy);
        var parts = new List<string>();
        if (limits.Quota.Bytes is { } bytes)
        {
            parts.Add($"quota {Size(bytes)}");
        }

        if (limits.Quota.Files is { } files)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{files} files"));
        }

        if (limits.Bandwidth.UploadBytesPerSecond is { } up)
        {
            parts.Add($"up {Size(up)}/s");
        }

        if (limits.Bandwidth.DownloadBytesPerSecond is { } down)
        {
            parts.Add($"down {Size(down)}/s");
        }

        if (!policy.Addresses.IsEmpty)
        {
            parts.Add("address rules");
        }

        if (policy.MaxSessions is { } sessions)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{sessions} sessions"));
        }

        if (!policy.Overwrite)
        {
            parts.Add("drop box");
        }

        if (!policy.DeniedCommands.IsDefaultOrEmpty)
        {
            parts.Add($"denies {string.Join(',', policy.DeniedCommands)}");
        }

        if (policy.Tls.Control != ControlChannelPolicy.Allow || policy.Tls.Data != DataChannelPolicy.Allow)
        {
            parts.Add(policy.Tls.Data == DataChannelPolicy.Require ? "TLS required (data too)" : "TLS required");
        }

        if (!mounts.IsDefaultOrEmpty)
        {
            parts.AddRange(mounts.Select(mount => $"{mount.Path}={mount.Folder}"));
        }

        return parts.Count == 0 ? "-" : string.Join("; ", parts);
    }

    /// <summary>In the unit the administrator most likely typed: an exact decimal or binary multiple, else bytes.</summary>
    private static string Size(long bytes)
    {
        (long Factor, string Unit)[] units = [(1L << 40, "TiB"), (1_000_000_000_000, "TB"), (1L << 30, "GiB"), (1_000_000_000, "GB"), (1L << 20, "MiB"), (1_000_000, "MB"), (1L << 10, "KiB"), (1000, "KB")];
        foreach (var (factor, unit) in units)
        {
            if (bytes >= factor && bytes % factor == 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{bytes / factor} {unit}");
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");
    }
}
