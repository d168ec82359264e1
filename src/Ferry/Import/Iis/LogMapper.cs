namespace Ferry.Import.Iis;

/// <summary>
/// ftpServer/logFile -> Logs: the folder, W3C on or off and its fields (logExtFileFlags, in
/// IIS's order of the flags given). Rollover and format are Ferry's own and reported.
/// </summary>
public static class LogMapper
{
    /// <summary>IIS's logExtFileFlags names -> W3C field names. FullPath and Info have no Ferry field.</summary>
    private static readonly (string Flag, string? Field)[] Flags =
    [
        ("Date", "date"),
        ("Time", "time"),
        ("ClientIP", "c-ip"),
        ("ClientPort", "c-port"),
        ("UserName", "cs-username"),
        ("SiteName", "s-sitename"),
        ("ComputerName", "s-computername"),
        ("ServerIP", "s-ip"),
        ("ServerPort", "s-port"),
        ("Method", "cs-method"),
        ("UriStem", "cs-uri-stem"),
        ("FtpStatus", "sc-status"),
        ("Win32Status", "sc-win32-status"),
        ("FtpSubStatus", "sc-substatus"),
        ("BytesSent", "sc-bytes"),
        ("BytesRecv", "cs-bytes"),
        ("TimeTaken", "time-taken"),
        ("Session", "x-session"),
        ("Host", "cs-host"),
        ("FullPath", null),
        ("Info", null),
    ];

    public static void Map(ImportContext context)
    {
        var site = context.TopLevel ?? context.Sites.FirstOrDefault();
        if (site is null)
        {
            return;
        }

        var iis = context.Iis;
        var report = context.Report;
        var where = $"site[{site.Site.Name}]/ftpServer/logFile";
        if (iis.SiteSetting(site.Site, "logFile", "enabled").Value is { } enabled && bool.TryParse(enabled, out var on) && !on)
        {
            context.Output.Set("Logs:W3C:Enabled", false);
            report.Mapped(where + "/@enabled", "Logs:W3C:Enabled", "false");
        }

        if (iis.SiteSetting(site.Site, "logFile", "directory").Value is { Length: > 0 } directory)
        {
            var folder = SiteMapper.Expand(context, directory, where + "/@directory");
            context.Output.Set("Logs:Directory", folder);
            report.Mapped(where + "/@directory", "Logs:Directory", SiteMapper.Quote(folder), $"IIS wrote into a subfolder per site (FTPSVC{site.Site.Id}); Ferry writes u_exYYMMDD.log into this folder itself");
        }

        if (iis.SiteSetting(site.Site, "logFile", "logExtFileFlags").Value is { Length: > 0 } flagText)
        {
            var given = flagText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var fields = new List<string>();
            foreach (var (flag, field) in Flags.Where(f => given.Contains(f.Flag, StringComparer.OrdinalIgnoreCase)))
            {
                if (field is null)
                {
                    report.NotMapped($"{where}/@logExtFileFlags {flag}", "no Ferry W3C field holds it (cs-uri-stem is the path as the client sees it).");
                }
                else
                {
                    fields.Add(field);
                }
            }

            foreach (var unknown in given.Where(g => !Flags.Any(f => f.Flag.Equals(g, StringComparison.OrdinalIgnoreCase))))
            {
                report.NotMapped($"{where}/@logExtFileFlags {unknown}", "not an IIS FTP log field the import knows.");
            }

            context.Output.Set("Logs:W3C:Fields", FerryConfigBuilder.List(fields));
            report.Mapped(where + "/@logExtFileFlags", "Logs:W3C:Fields", $"[{string.Join(", ", fields)}]");
        }

        foreach (var (attribute, reason) in new[]
        {
            ("period", "Ferry starts a new file every day (UTC), like IIS's Daily."),
            ("localTimeRollover", "Ferry rolls over at midnight UTC and writes UTC times, as W3C logs do."),
            ("truncateSize", "Ferry rolls over by day, not by size."),
            ("logFormat", "Ferry writes W3C extended logs (and xferlog with Logs:Xferlog:Enabled)."),
            ("customLogPluginClsid", "a COM logging plug-in cannot run in Ferry."),
            ("selectiveLogging", "Ferry logs every operation; filter the lines afterwards."),
        })
        {
            if (iis.SiteSetting(site.Site, "logFile", attribute).Value is { } value)
            {
                report.NotMapped($"{where}/@{attribute}", $"{value}: {reason}");
            }
        }

        foreach (var other in context.Sites.Where(s => s != site))
        {
            foreach (var element in iis.SiteElements(other.Site, "logFile").Where(e => e.Parent?.Parent?.Name.LocalName == "site"))
            {
                foreach (var attribute in element.Attributes())
                {
                    iis.Attr(element, attribute.Name.LocalName);
                }

                report.NotMapped(IisConfig.Where(element), "Ferry has one W3C log for all its sites (the site is in its cs-host field); it follows the server's own site's settings.");
            }
        }
    }
}
