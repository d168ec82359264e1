using System.Xml.Linq;

namespace Ferry.Import.Iis;

/// <summary>
/// The last pass: every attribute of the imported sites, siteDefaults/ftpServer, system.ftpServer
/// and the sites' &lt;location&gt; parts that no mapper read is listed as not mapped, so that a setting
/// the import does not know (commandFiltering, sslClientCertificates, providerDefinitions...) is
/// never dropped silently.
/// </summary>
public static class UnreadSettings
{
    /// <summary>Why a known IIS element has no Ferry mapping; a general sentence for the others.</summary>
    private static string Reason(XElement element) => element.Name.LocalName switch
    {
        "activeDirectory" => "the Active Directory connection of ActiveDirectory isolation; Ferry does not query Active Directory.",
        "sslClientCertificates" or "clientCertAuthentication" => "Ferry does not authenticate clients by certificate.",
        "providerDefinitions" or "add" when element.Parent?.Name.LocalName == "providerDefinitions" => "a .NET extensibility provider: code Ferry cannot run.",
        "customFeatures" or "providers" => "a .NET extensibility provider: code Ferry cannot run.",
        "application" => "IIS's application settings (pools, preloading) have no meaning for Ferry's FTP.",
        "caching" or "credentialsCache" => "Ferry keeps its own logon cache (Security:LogonCacheSeconds).",
        "fileHandling" => "how IIS treats partial uploads, renames over files and reads of uploads in progress; Ferry's own rules apply (operations.md, 'Uploads and durability').",
        "denyByFailure" => "IIS's logon attempt restrictions: Ferry's are the Bans section (Bans:MaxFailures, Bans:WindowSeconds); set them by hand.",
        _ => "Ferry has no equivalent of this setting, or the import does not know it.",
    };

    public static void Report(ImportContext context)
    {
        var iis = context.Iis;
        var scopes = new List<XElement>();
        foreach (var site in context.Sites)
        {
            foreach (var other in site.Site.OtherBindings)
            {
                iis.Handled(other);
            }

            scopes.Add(site.Site.Element);
        }

        if (iis.SiteDefaults is { } defaults)
        {
            scopes.Add(defaults);
        }

        if (iis.FtpServer is { } server)
        {
            scopes.Add(server);
        }

        foreach (var (location, path) in iis.Locations())
        {
            if (path.Length == 0 || context.Sites.Any(s => IisConfig.IsAtOrBelow(path, s.Site.Name)))
            {
                scopes.Add(location.Element("system.ftpServer")!);
            }
        }

        foreach (var scope in scopes)
        {
            foreach (var attribute in iis.UnreadSettings(scope))
            {
                // A password (adPassword, an anonymous user's password) is a secret even when IIS encrypted it.
                var value = attribute.Name.LocalName.Contains("password", StringComparison.OrdinalIgnoreCase) ? "(a secret, not shown)" : $"'{attribute.Value}'";
                context.Report.NotMapped($"{IisConfig.Where(attribute.Parent!)}/@{attribute.Name.LocalName}",
                    $"{value}: {Reason(attribute.Parent!)}");
            }

            foreach (var element in iis.UnreadElements(scope).Where(e => e.Name.LocalName is "add" or "remove" or "clear"))
            {
                context.Report.NotMapped(IisConfig.Where(element), "Ferry has no equivalent of this collection.");
            }
        }
    }
}
