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
                context.Report.NotMapped($"{IisConfig.Where(attribute.Parent!)}/@{attribute.Name.LocalName}",
                    $"'{attribute.Value}': Ferry has no equivalent of this setting, or the import does not know it.");
            }

            foreach (var element in iis.UnreadElements(scope).Where(e => e.Name.LocalName is "add" or "remove" or "clear"))
            {
                context.Report.NotMapped(IisConfig.Where(element), "Ferry has no equivalent of this collection.");
            }
        }
    }
}
