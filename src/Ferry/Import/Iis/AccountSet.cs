using Ferry.Core.Identity;

namespace Ferry.Import.Iis;

/// <summary>A Windows or Active Directory user the import turns into a Ferry account of the embedded store.</summary>
public sealed record ImportedAccount
{
    public required string Name { get; init; }

    /// <summary>As IIS named it: "alice", "CONTOSO\bob".</summary>
    public required string Original { get; init; }

    /// <summary>Relative to the site's root (or Storage:Root), or absolute.</summary>
    public required string Home { get; init; }

    public required Permissions Permissions { get; init; }

    /// <summary>Folder (as the account sees it) -> rights; ordered by path.</summary>
    public required IReadOnlyList<KeyValuePair<string, Permissions>> Folders { get; init; }

    public TlsPolicy Tls { get; init; } = TlsPolicy.Allow;

    public IReadOnlyList<string> AllowFrom { get; init; } = [];

    public IReadOnlyList<string> DenyFrom { get; init; } = [];

    public IReadOnlyList<string> DenyCommands { get; init; } = [];

    /// <summary>Everything but the name and the sites compared: the same user with other rules on two sites is reported.</summary>
    public bool SameRules(ImportedAccount other) =>
        Home == other.Home && Permissions == other.Permissions && Tls == other.Tls
        && Folders.SequenceEqual(other.Folders) && AllowFrom.SequenceEqual(other.AllowFrom) && DenyFrom.SequenceEqual(other.DenyFrom)
        && DenyCommands.SequenceEqual(other.DenyCommands);
}

/// <summary>The accounts of every imported site: one per Ferry name (names compare without case, as Ferry's stores do).</summary>
public sealed class AccountSet
{
    private readonly List<ImportedAccount> _accounts = [];
    private readonly Dictionary<string, List<string>> _sites = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<ImportedAccount> All => _accounts;

    public IReadOnlyList<string> SitesOf(string name) => _sites.TryGetValue(name, out var sites) ? sites : [];

    public ImportedAccount? Find(string name) => _accounts.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Adds the account, or explains in the report why the one already there is kept.</summary>
    public void Add(ImportedAccount account, string site, MigrationReport report)
    {
        if (Find(account.Name) is not { } existing)
        {
            _accounts.Add(account);
            _sites[account.Name] = [site];
            return;
        }

        if (!string.Equals(existing.Original, account.Original, StringComparison.OrdinalIgnoreCase))
        {
            report.NotMapped($"user {account.Original} ({site})", $"becomes the Ferry name '{account.Name}', which '{existing.Original}' already has; the first is kept. Add this user under another name with ferry account add.");
            return;
        }

        _sites[account.Name].Add(site);
        if (!existing.SameRules(account))
        {
            report.NotMapped($"user {account.Original} ({site})",
                $"has other rules here than on {_sites[account.Name][0]} (home, rights, TLS or addresses); one Ferry account has one set of rules in every site that inherits it, so the first site's are kept. Give this site its own account under Sites:N:Accounts if they must differ.");
        }
    }
}
