using Ferry.Core.Access;

namespace Ferry.Configuration;

/// <summary>
/// The `Access` section: the server's own address rules (every account, every protocol) and the
/// per-account session limit that accounts without their own MaxSessions get.
/// { "Access": { "AllowFrom": ["10.0.0.0/8"], "DenyFrom": ["10.6.6.0/24"], "MaxSessionsPerAccount": 20 } }
/// </summary>
/// <param name="Addresses">AllowFrom and DenyFrom: deny wins; a non-empty allow list admits only what it names.</param>
/// <param name="MaxSessionsPerAccount">Sessions signed in as one account at once, over every protocol; null: no limit.</param>
public sealed record AccessSettings(AddressRules Addresses, int? MaxSessionsPerAccount)
{
    /// <summary>Up to a million, like Ftp:MaxConnections: a larger number limits nothing that the connection limits do not already.</summary>
    public const int MaxSessionsLimit = 1_000_000;

    public static AccessSettings Default { get; } = new(AddressRules.Any, null);

    /// <summary>The keys <see cref="Read"/> reads, with the defaults `ferry config print` shows.</summary>
    public static ConfigKey Keys { get; } = ConfigKey.Section(
        ("AllowFrom", ConfigKey.ValueOrList()),
        ("DenyFrom", ConfigKey.ValueOrList()),
        ("MaxSessionsPerAccount", ConfigKey.Value("<no limit>")));

    /// <summary>The section's settings, defaults standing in for values that cannot be used; each problem goes to <paramref name="p"/>.</summary>
    public static AccessSettings Read(IConfigurationSection section, ConfigurationProblems p)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(p);
        return new AccessSettings(
            AddressList.Read(section, p),
            MaxSessions(section, "MaxSessionsPerAccount", p));
    }

    /// <summary>A session count from 1 to <see cref="MaxSessionsLimit"/>, or null when the key is not set.</summary>
    public static int? MaxSessions(IConfigurationSection section, string key, ConfigurationProblems p)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(p);
        var text = section[key];
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= MaxSessionsLimit)
        {
            return value;
        }

        p.Add($"{section.Path}:{key}", $"{section.Path}:{key} must be a whole number from 1 to {MaxSessionsLimit}, not '{text}'.");
        return null;
    }
}
