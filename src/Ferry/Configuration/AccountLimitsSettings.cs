using Ferry.Core.Identity;

namespace Ferry.Configuration;

/// <summary>
/// An account's "Quota" {Bytes, Files} and "Bandwidth" {UploadBytesPerSecond, DownloadBytesPerSecond},
/// and the server-wide "Bandwidth" section with the same two keys. Every key is optional: absent is
/// no limit. Sizes and rates take a unit (<see cref="ByteSize"/>).
/// </summary>
public static class AccountLimitsSettings
{
    /// <summary>
    /// The lowest rate accepted: a slower transfer would wait longer per piece than the data stall
    /// timeouts allow, and nobody means a limit that low.
    /// </summary>
    public const long MinBytesPerSecond = 1024;

    public static ConfigKey QuotaKeys { get; } = ConfigKey.Section(
        ("Bytes", ConfigKey.Value("<no limit>")),
        ("Files", ConfigKey.Value("<no limit>")));

    /// <summary>The keys of an account's Bandwidth and of the server's Bandwidth section alike.</summary>
    public static ConfigKey BandwidthKeys { get; } = ConfigKey.Section(
        ("UploadBytesPerSecond", ConfigKey.Value("<no limit>")),
        ("DownloadBytesPerSecond", ConfigKey.Value("<no limit>")));

    /// <summary>An account's limits; problems go to <paramref name="p"/>.</summary>
    public static AccountLimits Read(IConfigurationSection account, ConfigurationProblems p)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(p);
        var quota = account.GetSection("Quota");
        var limits = new AccountLimits(
            new QuotaLimits(Size(quota, "Bytes", 0, p), Count(quota, "Files", p)),
            ReadBandwidth(account.GetSection("Bandwidth"), p));
        return limits == AccountLimits.None ? AccountLimits.None : limits;
    }

    /// <summary>A Bandwidth section (an account's or the server's).</summary>
    public static BandwidthLimits ReadBandwidth(IConfigurationSection section, ConfigurationProblems p)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(p);
        var limits = new BandwidthLimits(
            Size(section, "UploadBytesPerSecond", MinBytesPerSecond, p),
            Size(section, "DownloadBytesPerSecond", MinBytesPerSecond, p));
        return limits == BandwidthLimits.None ? BandwidthLimits.None : limits;
    }

    private static long? Size(IConfigurationSection section, string key, long min, ConfigurationProblems p)
    {
        var text = section[key];
        if (text is null)
        {
            return null;
        }

        if (ByteSize.TryParse(text, out var bytes) && bytes >= min)
        {
            return bytes;
        }

        p.Add($"{section.Path}:{key}", $"{section.Path}:{key} must be a whole number of bytes of at least {min}, optionally with a unit (KB MB GB TB, KiB MiB GiB TiB), not '{text}'.");
        return null;
    }

    private static long? Count(IConfigurationSection section, string key, ConfigurationProblems p)
    {
        var text = section[key];
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count))
        {
            return count;
        }

        p.Add($"{section.Path}:{key}", $"{section.Path}:{key} must be a whole number of files and folders, not '{text}'.");
        return null;
    }
}
