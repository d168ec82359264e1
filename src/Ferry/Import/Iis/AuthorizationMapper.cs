using System.Xml.Linq;
using Ferry.Core.Identity;

namespace Ferry.Import.Iis;

/// <summary>
/// ftpServer/security/authentication and system.ftpServer/security/authorization (in &lt;location
/// path="Site/folder"&gt;) -> accounts with default Permissions and per-folder Folders, and anonymous
/// logon. IIS's Read is Ferry's list+read, Write is write+append+delete+rename+mkdir; Allow rules add,
/// Deny rules take away (deny wins, as in IIS). The users come from the rules and the isolation
/// folders: applicationHost.config names no other Windows user.
/// </summary>
public static class AuthorizationMapper
{
    private const Permissions IisRead = Permissions.List | Permissions.Read;
    private const Permissions IisWrite = Permissions.Write | Permissions.Append | Permissions.Delete | Permissions.Rename | Permissions.Mkdir;

    public static void Map(ImportContext context, IReadOnlyDictionary<ImportedSite, TlsPolicy> tls, IReadOnlyDictionary<ImportedSite, AddressLists> addresses,
        IReadOnlyDictionary<ImportedSite, IReadOnlyList<string>> deniedCommands)
    {
        foreach (var site in context.Sites)
        {
            MapSite(context, site, tls[site], addresses[site], deniedCommands[site]);
        }

        ReportFolderRulesOutsideSites(context);
    }

    private static void MapSite(ImportContext context, ImportedSite site, TlsPolicy tls, AddressLists addresses, IReadOnlyList<string> deniedCommands)
    {
        var iis = context.Iis;
        var report = context.Report;
        var where = $"site[{site.Site.Name}]/ftpServer/security/authentication";
        var basic = Enabled(iis.SiteSetting(site.Site, "security/authentication/basicAuthentication", "enabled", "false").Value);
        var anonymous = Enabled(iis.SiteSetting(site.Site, "security/authentication/anonymousAuthentication", "enabled", "false").Value);
        var anonymousUser = iis.SiteSetting(site.Site, "security/authentication/anonymousAuthentication", "userName", "IUSR").Value;
        foreach (var attribute in new[] { "password", "defaultLogonDomain", "logonMethod" })
        {
            if (iis.SiteSetting(site.Site, "security/authentication/anonymousAuthentication", attribute).Value is not null)
            {
                report.NotMapped($"{where}/anonymousAuthentication/@{attribute}", "the Windows identity anonymous users run as; Ferry serves anonymous users as its own process user, read-only.");
            }
        }

        foreach (var attribute in new[] { "defaultLogonDomain", "logonMethod" })
        {
            if (iis.SiteSetting(site.Site, "security/authentication/basicAuthentication", attribute).Value is { } value)
            {
                report.NotMapped($"{where}/basicAuthentication/@{attribute}", $"'{value}': how IIS logged Windows users on; Ferry checks its own password hashes.");
            }
        }

        foreach (var element in iis.SiteElements(site.Site, "security/authentication/customAuthentication/providers"))
        {
            foreach (var provider in element.Elements())
            {
                iis.Handled(provider);
                var name = provider.Attribute("name")?.Value ?? provider.Name.LocalName;
                report.NotMapped($"{where}/customAuthentication/providers[{name}]",
                    $"a custom authentication provider ({name}: IIS Manager users, ASP.NET membership or a .NET extension) runs code Ferry cannot run, and its users live outside applicationHost.config; add them with ferry account add.");
            }
        }

        var isolation = iis.SiteSetting(site.Site, "userIsolation", "mode", IsolationMapper.None).Value ?? IsolationMapper.None;
        IsolationMapper.Report(context, site, isolation);

        var rules = RulesBySitePath(context, site);
        ReportRoles(context, site, rules);
        if (basic)
        {
            report.Mapped($"{where}/basicAuthentication/@enabled", "accounts of the embedded store", "true", "Windows passwords cannot be read: see the accounts below");
            foreach (var user in Users(context, site, rules, isolation))
            {
                var account = Account(context, site, user, isolation, rules, tls, addresses) is { } found ? found with { DenyCommands = deniedCommands } : null;
                if (account is not null)
                {
                    context.Accounts.Add(account, site.Site.Name, report);
                }
            }

            if (rules.Values.SelectMany(r => r).Any(r => r.Users.Contains("*")))
            {
                report.Action($"{site.Label}: a rule gives all users (*) rights. applicationHost.config does not list the Windows users it covered; add each one who still needs access with 'ferry account add NAME' (its rights are those of the imported accounts of this site).");
            }
        }
        else
        {
            report.NotMapped($"{where}/basicAuthentication", "basic authentication is off: no user logged on with a password, so no account is imported for this site.");
        }

        MapAnonymous(context, site, anonymous, anonymousUser, isolation, rules);
        ReportRulesNoUserReaches(context, site, isolation, rules);
    }

    /// <summary>
    /// Under isolation a user sees only its own folder: rules on a folder whose first segment is neither
    /// LocalUser nor a user's domain reach nobody, in IIS as in Ferry. Said, not dropped.
    /// </summary>
    private static void ReportRulesNoUserReaches(ImportContext context, ImportedSite site, string isolation, SortedDictionary<string, IReadOnlyList<Rule>> rules)
    {
        if (!IsolationMapper.Isolates(isolation))
        {
            return;
        }

        var userTops = Users(context, site, rules, isolation)
            .Select(u => u.Contains('\\', StringComparison.Ordinal) ? u[..u.IndexOf('\\', StringComparison.Ordinal)] : "LocalUser")
            .Append("LocalUser")
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var path in rules.Keys.Where(p => p.Length > 0 && !userTops.Contains(p.Split('/')[0])))
        {
            context.Report.NotMapped($"location[{site.Site.Name}/{path}]",
                $"a folder outside every user's folder: under {isolation} a user sees only LocalUser\\NAME (or DOMAIN\\NAME), so these rules reached nobody. A rule for a folder inside a user's folder is written for Site/LocalUser/NAME/folder.");
        }
    }

    /// <summary>One authorization rule: Allow or Deny, for these users and roles, with Read and/or Write.</summary>
    private sealed record Rule(bool Allow, IReadOnlyList<string> Users, IReadOnlyList<string> Roles, Permissions Rights, XElement Element);

    /// <summary>
    /// The merged rules at each place of the site that has rules of its own ("" = the root,
    /// "LocalUser/alice/upload"), as IIS merges the global section and the locations down to it.
    /// </summary>
    private static SortedDictionary<string, IReadOnlyList<Rule>> RulesBySitePath(ImportContext context, ImportedSite site)
    {
        var iis = context.Iis;
        var paths = new SortedSet<string>(StringComparer.OrdinalIgnoreCase) { "" };
        foreach (var (location, path) in iis.Locations())
        {
            if (IisConfig.IsAtOrBelow(path, site.Site.Name) && IisConfig.Descend(location.Element("system.ftpServer"), "security/authorization") is not null)
            {
                paths.Add(path.Length == site.Site.Name.Length ? "" : path[(site.Site.Name.Length + 1)..]);
            }
        }

        var result = new SortedDictionary<string, IReadOnlyList<Rule>>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in paths)
        {
            var sections = iis.Sections(path.Length == 0 ? site.Site.Name : $"{site.Site.Name}/{path}", "security/authorization");
            var entries = iis.Merge(sections, e => $"{e.Attribute("accessType")?.Value}|{e.Attribute("users")?.Value}|{e.Attribute("roles")?.Value}");
            result[path] = [.. entries.Select(e => new Rule(
                !string.Equals(iis.Attr(e, "accessType"), "Deny", StringComparison.OrdinalIgnoreCase),
                Split(iis.Attr(e, "users")),
                Split(iis.Attr(e, "roles")),
                Rights(iis.Attr(e, "permissions")),
                e))];
        }

        return result;
    }

    private static void ReportRoles(ImportContext context, ImportedSite site, SortedDictionary<string, IReadOnlyList<Rule>> rules)
    {
        var seen = new HashSet<XElement>();
        foreach (var (path, list) in rules)
        {
            foreach (var rule in list.Where(r => r.Roles.Count > 0 && seen.Add(r.Element)))
            {
                context.Report.NotMapped($"{site.Label} /{path} {(rule.Allow ? "Allow" : "Deny")} roles=\"{string.Join(",", rule.Roles)}\" permissions=\"{Words(rule.Rights)}\"",
                    "a rule for Windows groups: their members are not in applicationHost.config and Ferry has no groups. Add each member with ferry account add and these rights"
                    + (rule.Allow ? "." : " taken away."));
            }
        }
    }

    /// <summary>Users the rules and isolation folders name, in the order first named, as written ("alice", "CONTOSO\bob").</summary>
    private static List<string> Users(ImportContext context, ImportedSite site, SortedDictionary<string, IReadOnlyList<Rule>> rules, string isolation)
    {
        var users = new List<string>();
        foreach (var user in rules.Values.SelectMany(r => r).SelectMany(r => r.Users).Concat(IsolationMapper.UsersFromFolders(site.Site, isolation)))
        {
            if (user is "*" or "?" || users.Contains(user, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            users.Add(user);
        }

        return users;
    }

    private static ImportedAccount? Account(ImportContext context, ImportedSite site, string user, string isolation,
        SortedDictionary<string, IReadOnlyList<Rule>> rules, TlsPolicy tls, AddressLists addresses)
    {
        var report = context.Report;
        var slash = user.IndexOf('\\', StringComparison.Ordinal);
        var domain = slash < 0 ? null : user[..slash];
        var name = slash < 0 ? user : user[(slash + 1)..];
        if (AccountName.Problem(name) is { } problem)
        {
            report.NotMapped($"user {user} ({site.Site.Name})", $"not a Ferry account name: {problem} Add the user under a valid name with ferry account add.");
            return null;
        }

        if (domain is not null && !domain.Equals("LocalUser", StringComparison.OrdinalIgnoreCase) && !domain.Equals(".", StringComparison.Ordinal))
        {
            report.Mapped($"user {user} ({site.Site.Name})", "account", $"'{name}'", $"the domain {domain} is dropped: Ferry's names have none");
        }

        var homePath = IsolationMapper.Isolates(isolation)
            ? IsolationMapper.HomePath(isolation, domain is null || domain == "." ? null : domain, name)
            : IsolationMapper.HomePath(isolation, null, name);
        var known = isolation.Equals(IsolationMapper.None, StringComparison.OrdinalIgnoreCase)
            || isolation.Equals(IsolationMapper.StartInUsersDirectory, StringComparison.OrdinalIgnoreCase)
            || IsolationMapper.Isolates(isolation);
        var home = known ? IsolationMapper.Home(context, site, homePath) : name;

        // Rights at the home (the account's "/"), then at each folder with rules of its own below it.
        var rootRights = Effective(rules, homePath, user, anonymous: false);
        var folders = new List<KeyValuePair<string, Permissions>>();
        foreach (var path in rules.Keys.Where(p => p.Length > 0))
        {
            if (!IisConfig.IsAtOrBelow(path, homePath) && homePath.Length > 0)
            {
                continue;
            }

            var relative = homePath.Length == 0 ? path : path.Length == homePath.Length ? "" : path[(homePath.Length + 1)..];
            if (relative.Length == 0)
            {
                continue;
            }

            var rights = Effective(rules, path, user, anonymous: false);
            var parent = ParentRights(folders, relative, rootRights);
            if (rights != parent)
            {
                folders.Add(new("/" + relative, rights));
            }
        }

        return new ImportedAccount
        {
            Name = name,
            Original = user,
            Home = home,
            Permissions = rootRights,
            Folders = folders,
            Tls = tls,
            AllowFrom = addresses.Allow,
            DenyFrom = addresses.Deny,
        };
    }

    /// <summary>The rights of the nearest folder above <paramref name="relative"/> already listed, else the home's.</summary>
    private static Permissions ParentRights(List<KeyValuePair<string, Permissions>> folders, string relative, Permissions rootRights)
    {
        var best = folders.Where(f => IisConfig.IsAtOrBelow(relative, f.Key.Trim('/'))).OrderByDescending(f => f.Key.Length).FirstOrDefault();
        return best.Key is null ? rootRights : best.Value;
    }

    /// <summary>The rights a user has at a site path: the rules of the nearest path with rules at or above it.</summary>
    private static Permissions Effective(SortedDictionary<string, IReadOnlyList<Rule>> rules, string sitePath, string user, bool anonymous)
    {
        var governing = rules.Keys.Where(p => p.Length == 0 || IisConfig.IsAtOrBelow(sitePath, p)).OrderByDescending(p => p.Length).First();
        var allow = Permissions.None;
        var deny = Permissions.None;
        foreach (var rule in rules[governing])
        {
            var matches = anonymous
                ? rule.Users.Any(u => u is "?" or "*")
                : rule.Users.Any(u => u == "*" || string.Equals(u, user, StringComparison.OrdinalIgnoreCase));
            if (!matches)
            {
                continue;
            }

            if (rule.Allow)
            {
                allow |= rule.Rights;
            }
            else
            {
                deny |= rule.Rights;
            }
        }

        return allow & ~deny;
    }

    private static void MapAnonymous(ImportContext context, ImportedSite site, bool enabled, string? userName, string isolation,
        SortedDictionary<string, IReadOnlyList<Rule>> rules)
    {
        var where = $"site[{site.Site.Name}]/ftpServer/security/authentication/anonymousAuthentication";
        if (!enabled)
        {
            if (IsolationMapper.Isolates(isolation) && site.Site.VirtualDirectories.FirstOrDefault(v => v.Path.Equals("/LocalUser/Public", StringComparison.OrdinalIgnoreCase)) is { } pub)
            {
                context.Report.NotMapped($"site[{site.Site.Name}]/virtualDirectory[{pub.Path}]", "the anonymous users' folder, but anonymous logon is off: not served.");
            }

            return;
        }

        var folder = IsolationMapper.Isolates(isolation) ? "LocalUser/Public" : "";
        var rights = Effective(rules, folder, "?", anonymous: true);
        if ((rights & Permissions.Read) == 0)
        {
            context.Report.NotMapped(where, "anonymous logon is on, but no rule lets anonymous users (? or *) read: they could do nothing, so anonymous logon stays off.");
            return;
        }

        // Security:AnonymousHome is a folder, not a path under the root: the public folder's full path.
        var home = folder.Length == 0 ? "" : IsolationMapper.Home(context, site, folder);
        var path = folder.Length == 0 ? site.Root : home == folder ? PathText.Join(site.Root, folder) : home;
        var key = site.TopLevel ? "Security:AnonymousHome" : site.Prefix + "AnonymousHome";
        context.Output.Set(key, path);
        context.Report.Mapped(where, key, SiteMapper.Quote(path),
            $"anonymous users (IIS ran them as {userName}) may log on as 'anonymous' or 'ftp', read-only"
            + (isolation.Equals(IsolationMapper.StartInUsersDirectory, StringComparison.OrdinalIgnoreCase) ? "; IIS started them in a folder named 'default' when there was one, Ferry in the site's root" : ""));
        if ((rights & IisWrite) != 0)
        {
            context.Report.NotMapped(where + " (Write)", "anonymous users could write here in IIS; Ferry's anonymous logon is read-only. Give uploaders an account instead (a drop box: ferry account add drop --permissions write --no-overwrite).");
        }
    }

    /// <summary>Folder rules of locations that are not under any imported site are not this import's; say so.</summary>
    private static void ReportFolderRulesOutsideSites(ImportContext context)
    {
        foreach (var (location, path) in context.Iis.Locations())
        {
            if (path.Length > 0 && !context.Sites.Any(s => IisConfig.IsAtOrBelow(path, s.Site.Name)))
            {
                context.Report.NotMapped($"location[{location.Attribute("path")?.Value}]", "belongs to a site that was not imported.");
                foreach (var e in location.DescendantsAndSelf())
                {
                    context.Iis.Handled(e);
                }
            }
        }
    }

    private static IReadOnlyList<string> Split(string? list) =>
        list is null ? [] : [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>"Read, Write" -> the Ferry rights; IIS writes the flags' names, comma-separated.</summary>
    private static Permissions Rights(string? text)
    {
        var rights = Permissions.None;
        foreach (var word in Split(text))
        {
            rights |= word.ToLowerInvariant() switch
            {
                "read" => IisRead,
                "write" => IisWrite,
                _ => Permissions.None,
            };
        }

        return rights;
    }

    private static string Words(Permissions rights) =>
        string.Join(", ", new[] { (rights & Permissions.Read) != 0 ? "Read" : null, (rights & Permissions.Write) != 0 ? "Write" : null }.OfType<string>());

    private static bool Enabled(string? text) => bool.TryParse(text, out var value) && value;
}
