namespace Ferry.Import.Iis;

/// <summary>
/// userIsolation modes -> where an account's home is (relative to the site's root, or absolute):
/// None and StartInUsersDirectory: the site's root; IsolateRootDirectoryOnly and
/// IsolateAllDirectories: LocalUser\NAME for a local user, DOMAIN\NAME for a domain user,
/// LocalUser\Public for anonymous, or the virtual directory of that path when the site has one.
/// </summary>
public static class IsolationMapper
{
    public const string None = "None";
    public const string StartInUsersDirectory = "StartInUsersDirectory";
    public const string IsolateRootDirectoryOnly = "IsolateRootDirectoryOnly";
    public const string IsolateAllDirectories = "IsolateAllDirectories";

    public static bool Isolates(string mode) =>
        mode.Equals(IsolateRootDirectoryOnly, StringComparison.OrdinalIgnoreCase) || mode.Equals(IsolateAllDirectories, StringComparison.OrdinalIgnoreCase);

    /// <summary>True for a virtual directory path that is (or lies in) a user's folder under isolation: /LocalUser/alice, /CONTOSO/bob.</summary>
    public static bool IsUserFolder(string mode, string path) =>
        Isolates(mode) && path.Trim('/').Split('/').Length >= 2;

    /// <summary>The users a site's isolation folders name: /LocalUser/alice -> alice, /CONTOSO/bob -> CONTOSO\bob (Public is anonymous).</summary>
    public static IEnumerable<string> UsersFromFolders(IisSite site, string mode)
    {
        if (!Isolates(mode))
        {
            return [];
        }

        return site.VirtualDirectories
            .Select(v => v.Path.Trim('/').Split('/'))
            .Where(parts => parts.Length == 2 && !(parts[0].Equals("LocalUser", StringComparison.OrdinalIgnoreCase) && parts[1].Equals("Public", StringComparison.OrdinalIgnoreCase)))
            .Select(parts => parts[0].Equals("LocalUser", StringComparison.OrdinalIgnoreCase) ? parts[1] : $"{parts[0]}\\{parts[1]}");
    }

    /// <summary>The site-relative folder of a user's home ("" = the root), as IIS finds it.</summary>
    public static string HomePath(string mode, string? domain, string name) =>
        Isolates(mode) ? $"{domain ?? "LocalUser"}/{name}" : "";

    /// <summary>
    /// The home as ferry.json writes it: the folder of a virtual directory at <paramref name="sitePath"/>
    /// when the site has one (absolute), else the path under the site's root.
    /// </summary>
    public static string Home(ImportContext context, ImportedSite site, string sitePath)
    {
        if (sitePath.Length == 0)
        {
            return "";
        }

        var directory = site.Site.VirtualDirectories.FirstOrDefault(v => string.Equals(v.Path.Trim('/'), sitePath, StringComparison.OrdinalIgnoreCase));
        return directory is null ? sitePath : SiteMapper.Expand(context, directory.PhysicalPath, $"site[{site.Site.Name}]/virtualDirectory[{directory.Path}]/@physicalPath");
    }

    /// <summary>Reports what a mode means in Ferry, once per site.</summary>
    public static void Report(ImportContext context, ImportedSite site, string mode)
    {
        var where = $"site[{site.Site.Name}]/ftpServer/userIsolation/@mode";
        var report = context.Report;
        switch (mode)
        {
            case var m when m.Equals(None, StringComparison.OrdinalIgnoreCase):
                report.Mapped(where, "Home", "\"\" (the site's root)", "None: every user starts in the site's root");
                break;
            case var m when m.Equals(StartInUsersDirectory, StringComparison.OrdinalIgnoreCase):
                report.Mapped(where, "Home", "\"\" (the site's root)",
                    "StartInUsersDirectory starts a user in its own folder but lets it go up to the root; Ferry has no 'start here, may go up': the closest is the home at the root, so users start in the root. To confine each user to its folder instead, set its Home to its folder (ferry account add NAME --home NAME)");
                break;
            case var m when m.Equals(IsolateRootDirectoryOnly, StringComparison.OrdinalIgnoreCase):
                report.Mapped(where, "Home", "LocalUser/NAME or DOMAIN/NAME", "each user is confined to its folder, as in IIS");
                break;
            case var m when m.Equals(IsolateAllDirectories, StringComparison.OrdinalIgnoreCase):
                report.Mapped(where, "Home", "LocalUser/NAME or DOMAIN/NAME (or its virtual directory)", "each user is confined to its folder, as in IIS");
                break;
            default:
                report.NotMapped(where, $"{mode}: the home comes from Active Directory (msIIS-FTPRoot, msIIS-FTPDir) or a custom provider, which the import cannot read; each account's home is set to its name under the root. Set the real one with ferry account (remove and add with --home).");
                break;
        }
    }
}
