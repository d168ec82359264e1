using System.Net;
using Ferry.Core.Identity;

namespace Ferry.Configuration;

/// <summary>The certificate a virtual site presents instead of the server's (same forms as the Tls section's).</summary>
/// <param name="CertificateFile">PEM certificate (with its chain) or a .pfx/.p12.</param>
/// <param name="KeyFile">PEM private key; null = in <paramref name="CertificateFile"/> itself.</param>
/// <param name="CertificatePassword">The .pfx password (or env:VARIABLE / file:PATH); null = none.</param>
public sealed record SiteCertificate(string CertificateFile, string? KeyFile, string? CertificatePassword);

/// <summary>
/// One entry of the `Sites` list: a virtual FTP site on the server's ports (RFC 7151 HOST), chosen by
/// the host name a client sends (HOST, IIS's <c>USER site|name</c>, or the TLS server name). It has
/// its own storage root, its own accounts, banner and certificate; everything else (ports, TLS mode,
/// bans, limits, timeouts) is the server's. Shaped like an IIS FTP site with host-name bindings, so
/// that `ferry import iis` can write one per site: the first host name is Name, the others Aliases.
/// </summary>
/// <param name="Name">The host name that chooses the site, e.g. ftp.example.com (case does not matter).</param>
/// <param name="Aliases">More host names of the same site.</param>
/// <param name="Root">The site's storage root (full path): its accounts' relative homes lie under it.</param>
/// <param name="Banner">The 220 greeting after HOST; null = Ftp:Banner.</param>
/// <param name="Accounts">The site's own accounts (the same shape as the top-level Accounts).</param>
/// <param name="InheritAccounts">The server's accounts (top-level Accounts, `ferry account`, --user) log on to the site too, with homes under the site's Root.</param>
/// <param name="AnonymousHome">Anonymous logon to this site, into this folder (full path); null = none. The server's Security:AnonymousHome does not carry over.</param>
/// <param name="Tls">The site's own certificate; null = the server's.</param>
public sealed record SiteSettings(
    string Name,
    IReadOnlyList<string> Aliases,
    string Root,
    string? Banner,
    IReadOnlyList<Account> Accounts,
    bool InheritAccounts,
    string? AnonymousHome,
    SiteCertificate? Tls)
{
    /// <summary>The site's own request filtering (Sites:N:Filtering), which replaces the server's whole; null: the server's Filtering applies.</summary>
    public Ferry.Core.Files.RequestFilter? Filtering { get; init; }

    /// <summary>DNS: 253 characters in all, 63 per label (RFC 1035).</summary>
    private const int MaxHostNameLength = 253;

    private const int MaxLabelLength = 63;

    /// <summary>Lines above 230 for the site's logons (IIS's greetingMessage); null = Ftp:Greeting.</summary>
    public string? Greeting { get; init; }

    /// <summary>The 221 text after QUIT for the site's sessions (IIS's exitMessage); null = Ftp:ExitMessage.</summary>
    public string? ExitMessage { get; init; }

    /// <summary>Local folders shown at paths of the site's root (Sites:N:Mounts, see <see cref="MountSettings"/>); read at start only.</summary>
    public IReadOnlyList<FolderMount> Mounts { get; init; } = [];

    /// <summary>The keys of one site, as <see cref="Read"/> reads them.</summary>
    public static ConfigKey Keys { get; } = ConfigKey.Section(
        ("Name", ConfigKey.Value()),
        ("Aliases", ConfigKey.ListOf(ConfigKey.Value())),
        ("Root", ConfigKey.Value()),
        ("Banner", ConfigKey.Value("<Ftp:Banner>")),
        ("Greeting", ConfigKey.Value("<Ftp:Greeting>")),
        ("ExitMessage", ConfigKey.Value("<Ftp:ExitMessage>")),
        ("Accounts", ConfigKey.ListOf(ConfiguredAccount.Keys)),
        ("InheritAccounts", ConfigKey.Value("false")),
        ("AnonymousHome", ConfigKey.Value()),
        ("Filtering", FilteringSettings.Keys),
        ("Mounts", MountSettings.Keys),
        ("Tls", ConfigKey.Section(
            ("CertificateFile", ConfigKey.Value("<Tls:CertificateFile>")),
            ("KeyFile", ConfigKey.Value()),
            ("CertificatePassword", ConfigKey.SecretValue()))));

    /// <summary>The sites that can be used; each problem goes to <paramref name="p"/>, with its key.</summary>
    public static IReadOnlyList<SiteSettings> Read(IConfigurationSection section, TlsSettings tls, ConfigurationProblems p)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(tls);
        ArgumentNullException.ThrowIfNull(p);
        var sites = new List<SiteSettings>();

        // Host names are one namespace across all sites: each chooses exactly one.
        var taken = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            var before = p.All.Count;
            var name = child["Name"];
            if (string.IsNullOrWhiteSpace(name))
            {
                p.Add($"{child.Path}:Name", $"{child.Path}: Name is required: the host name clients send with HOST, such as ftp.example.com.");
            }
            else
            {
                HostName(p, $"{child.Path}:Name", name, taken);
            }

            var aliases = child.GetSection("Aliases").GetChildren()
                .Select(alias => (alias.Path, Value: alias.Value ?? ""))
                .Where(alias => HostName(p, alias.Path, alias.Value, taken))
                .Select(alias => alias.Value.TrimEnd('.'))
                .ToArray();

            var root = child["Root"];
            if (string.IsNullOrWhiteSpace(root))
            {
                p.Add($"{child.Path}:Root", $"{child.Path}: Root is required: the folder this site serves (its accounts' homes lie under it).");
            }

            var accounts = ConfiguredAccount.Read(child.GetSection("Accounts"), p);
            foreach (var twice in accounts.GroupBy(a => a.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            {
                p.Add($"{child.Path}:Accounts", $"{child.Path}:Accounts: the account '{twice.Key}' is listed {twice.Count()} times.");
            }

            var inherit = child["InheritAccounts"] is { } text
                ? bool.TryParse(text, out var parsed) ? parsed : Problem(p, $"{child.Path}:InheritAccounts", $"{child.Path}:InheritAccounts must be true or false, not '{text}'.", false)
                : false;
            var certificate = ReadCertificate(child.GetSection("Tls"), tls, p);
            var filtering = FilteringSettings.Read(child, p);
            var mounts = MountSettings.Read(child.GetSection("Mounts"), p);
            if (p.All.Count == before)
            {
                sites.Add(new SiteSettings(
                    name!.TrimEnd('.'),
                    aliases,
                    Path.GetFullPath(root!),
                    child["Banner"],
                    accounts,
                    inherit,
                    child["AnonymousHome"] is { Length: > 0 } anonymous ? Path.GetFullPath(anonymous) : null,
                    certificate)
                {
                    Filtering = filtering,
                    Greeting = Message(child["Greeting"]),
                    ExitMessage = Message(child["ExitMessage"]),
                    Mounts = mounts,
                });
            }
        }

        return sites;
    }

    /// <summary>An empty message means "none of my own": the server's applies.</summary>
    private static string? Message(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static SiteCertificate? ReadCertificate(IConfigurationSection section, TlsSettings tls, ConfigurationProblems p)
    {
        if (!section.GetChildren().Any())
        {
            return null;
        }

        var certificate = Empty(section["CertificateFile"]);
        if (certificate is null)
        {
            p.Add($"{section.Path}:CertificateFile", $"{section.Path}:CertificateFile is required: the site's certificate (PEM or .pfx).");
        }

        if (!tls.Enabled)
        {
            p.Add(section.Path, $"{section.Path}: a site's certificate needs TLS, and Tls:Mode is Disabled.");
        }

        var key = Empty(section["KeyFile"]);
        return certificate is null ? null : new SiteCertificate(Path.GetFullPath(certificate), key is null ? null : Path.GetFullPath(key), Empty(section["CertificatePassword"]));
    }

    /// <summary>
    /// A DNS name (letters, digits, hyphens, dots; not an address: an address names the server itself),
    /// not yet taken by a site. False (with the problem recorded) when it cannot be used.
    /// </summary>
    private static bool HostName(ConfigurationProblems p, string key, string name, Dictionary<string, string> taken)
    {
        var trimmed = name.Trim().TrimEnd('.');
        var labels = trimmed.Split('.');
        var valid = trimmed.Length is > 0 and <= MaxHostNameLength
            && labels.All(label => label.Length is > 0 and <= MaxLabelLength && label[0] != '-' && label[^1] != '-'
                && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            && !IPAddress.TryParse(trimmed, out _);
        if (!valid)
        {
            p.Add(key, $"{key}: '{Printable(name)}' is not a host name: use letters, digits, hyphens and dots, such as ftp.example.com (an IP address names the server itself, not a site).");
            return false;
        }

        if (!taken.TryAdd(trimmed, key))
        {
            p.Add(key, $"{key}: the host name '{trimmed}' is already {taken[trimmed]}; each host name chooses one site.");
            return false;
        }

        return true;
    }

    private static T Problem<T>(ConfigurationProblems p, string key, string message, T fallback)
    {
        p.Add(key, message);
        return fallback;
    }

    private static string? Empty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static string Printable(string text) => string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));
}
