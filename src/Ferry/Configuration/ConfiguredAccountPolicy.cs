using System.Collections.Immutable;
using Ferry.Core.Identity;
using Ferry.Ftp.Commands;

namespace Ferry.Configuration;

/// <summary>
/// An account's policy keys in the configuration file, beside its name and rights:
/// { "AllowFrom": ["10.0.0.0/8"], "DenyFrom": [], "MaxSessions": 2, "Overwrite": false,
///   "DenyCommands": ["SITE"], "Tls": { "Control": "Require", "Data": "Require" } }.
/// </summary>
public static class ConfiguredAccountPolicy
{
    /// <summary>The keys <see cref="Read"/> reads; <see cref="ConfiguredAccount.Keys"/> includes them.</summary>
    public static (string Name, ConfigKey Key)[] Keys { get; } =
    [
        ("AllowFrom", ConfigKey.ValueOrList()),
        ("DenyFrom", ConfigKey.ValueOrList()),
        ("MaxSessions", ConfigKey.Value("<Access:MaxSessionsPerAccount>")),
        ("Overwrite", ConfigKey.Value("true")),
        ("DenyCommands", ConfigKey.ValueOrList()),
        ("Tls", ConfigKey.Section(("Control", ConfigKey.Value("Allow")), ("Data", ConfigKey.Value("Allow")))),
    ];

    /// <summary>The account's policy; each problem goes to <paramref name="p"/>.</summary>
    public static AccountPolicy Read(IConfigurationSection account, ConfigurationProblems p)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(p);
        var tls = account.GetSection("Tls");
        var policy = new AccountPolicy
        {
            Addresses = AddressList.Read(account, p),
            MaxSessions = AccessSettings.MaxSessions(account, "MaxSessions", p),
            Overwrite = Bool(account, "Overwrite", true, p),
            DeniedCommands = Commands(account.GetSection("DenyCommands"), p),
            Tls = new TlsPolicy(
                Channel(tls, "Control", ControlChannelPolicy.Allow, p),
                Channel(tls, "Data", DataChannelPolicy.Allow, p)),
        };
        return policy == AccountPolicy.Default ? AccountPolicy.Default : policy;
    }

    /// <summary>
    /// An account that demands TLS on a server that offers none could never log on: said when the
    /// configuration is loaded, not discovered at the first refused logon.
    /// </summary>
    public static void CheckTlsOffered(IConfigurationSection accounts, bool tlsEnabled, ConfigurationProblems p)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(p);
        if (tlsEnabled)
        {
            return;
        }

        foreach (var key in accounts.GetChildren().SelectMany(account => new[] { account.GetSection("Tls:Control"), account.GetSection("Tls:Data") }))
        {
            var name = key.Value?.Trim() ?? "";
            name = name.StartsWith("Ssl", StringComparison.OrdinalIgnoreCase) ? name[3..] : name;
            if (name.Length > 0 && !name.Equals("Allow", StringComparison.OrdinalIgnoreCase))
            {
                p.Add(key.Path, $"{key.Path} is {key.Value}, but this server offers no TLS (Tls:Mode is Disabled): the account could never log on. Turn TLS on, or set it to Allow.");
            }
        }
    }

    private static bool Bool(IConfigurationSection section, string key, bool fallback, ConfigurationProblems p)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        p.Add($"{section.Path}:{key}", $"{section.Path}:{key} must be true or false, not '{text}'.");
        return fallback;
    }

    private static ImmutableArray<string> Commands(IConfigurationSection list, ConfigurationProblems p)
    {
        IEnumerable<IConfigurationSection> entries = list.Value is { } ? [list] : list.GetChildren();
        var verbs = ImmutableArray.CreateBuilder<string>();
        foreach (var entry in entries.Where(entry => !string.IsNullOrWhiteSpace(entry.Value)))
        {
            if (CommandFilter.Problem(entry.Value!) is { } problem)
            {
                p.Add(entry.Path, $"{entry.Path}: {problem}.");
                continue;
            }

            verbs.Add(entry.Value!.Trim().ToUpperInvariant());
        }

        return verbs.ToImmutable();
    }

    /// <summary>IIS's names are accepted too: SslAllow, SslRequire, SslRequireCredentialsOnly.</summary>
    private static T Channel<T>(IConfigurationSection section, string key, T fallback, ConfigurationProblems p)
        where T : struct, Enum
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        var name = text.Trim();
        name = name.StartsWith("Ssl", StringComparison.OrdinalIgnoreCase) ? name[3..] : name;
        if (Enum.TryParse<T>(name, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(name, out _))
        {
            return value;
        }

        p.Add($"{section.Path}:{key}", $"{section.Path}:{key} must be one of {string.Join(", ", Enum.GetNames<T>())}, not '{text}'.");
        return fallback;
    }
}
