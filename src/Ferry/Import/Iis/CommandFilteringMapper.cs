using Ferry.Ftp.Commands;

namespace Ferry.Import.Iis;

/// <summary>
/// ftpServer/security/commandFiltering: commands with allowed="false" -> each of the site's accounts'
/// DenyCommands (Ferry refuses them after logon, as IIS did). An allow list (allowUnlisted="false")
/// and maxCommandLine have no Ferry equivalent and are reported.
/// </summary>
public static class CommandFilteringMapper
{
    public static Dictionary<ImportedSite, IReadOnlyList<string>> Map(ImportContext context)
    {
        var result = new Dictionary<ImportedSite, IReadOnlyList<string>>();
        foreach (var site in context.Sites)
        {
            result[site] = MapSite(context, site);
        }

        return result;
    }

    private static IReadOnlyList<string> MapSite(ImportContext context, ImportedSite site)
    {
        var iis = context.Iis;
        var where = $"site[{site.Site.Name}]/ftpServer/security/commandFiltering";
        if (iis.SiteSetting(site.Site, "security/commandFiltering", "maxCommandLine").Value is { } max)
        {
            context.Report.NotMapped(where + "/@maxCommandLine", $"{max}: Ferry bounds every command line to 4096 bytes (as vsftpd does); not configurable.");
        }

        var allowUnlisted = iis.SiteSetting(site.Site, "security/commandFiltering", "allowUnlisted", "true").Value;
        var entries = iis.Merge(iis.SiteElements(site.Site, "security/commandFiltering"), e => e.Attribute("command")?.Value ?? "");
        var denied = new List<string>();
        foreach (var entry in entries)
        {
            var command = (iis.Attr(entry, "command") ?? "").Trim().ToUpperInvariant();
            var allowed = bool.TryParse(iis.Attr(entry, "allowed"), out var a) && a;
            if (allowed)
            {
                continue;
            }

            if (CommandFilter.Problem(command) is { } problem)
            {
                context.Report.NotMapped($"{where}/add[{command}]", $"{problem}; nothing to deny.");
                continue;
            }

            denied.Add(command);
        }

        if (string.Equals(allowUnlisted, "false", StringComparison.OrdinalIgnoreCase))
        {
            context.Report.NotMapped(where + "/@allowUnlisted", "false: IIS allowed only the listed commands. Ferry denies commands by name (DenyCommands) and has no list of the only ones allowed; the commands listed as denied are mapped, the others stay allowed.");
        }

        if (denied.Count > 0)
        {
            context.Report.Mapped(where, "DenyCommands of each of its accounts", $"[{string.Join(", ", denied)}]");
        }

        return denied;
    }
}
