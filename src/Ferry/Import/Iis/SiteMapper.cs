using System.Text.Json.Nodes;

namespace Ferry.Import.Iis;

/// <summary>
/// Sites: which are imported (one port per Ferry process), the server's own site and the host-name
/// sites, their roots, listen address, port, virtual directories (mounts) and serverAutoStart.
/// </summary>
public static class SiteMapper
{
    public static void Map(ImportContext context)
    {
        var iis = context.Iis;
        var report = context.Report;
        var ftpSites = iis.Sites.Where(s => s.IsFtp).ToList();
        foreach (var web in iis.Sites.Where(s => !s.IsFtp && s.BadBindings.Count == 0))
        {
            // Web sites are not FTP: nothing of them is the importer's, and the report says they were seen.
            report.NotMapped($"site[{web.Name}]", "no ftp binding: a web site, not an FTP site; left to IIS.");
        }

        foreach (var site in ftpSites)
        {
            foreach (var bad in site.BadBindings)
            {
                report.NotMapped(IisConfig.Where(bad), $"'{bad.Attribute("bindingInformation")?.Value}' is not an ftp binding of the form ip:port:host.");
            }
        }

        if (ftpSites.Count == 0)
        {
            // Nothing to write: an almost empty ferry.json and a successful exit would read as an import that worked.
            var unreadable = iis.Sites.SelectMany(s => s.BadBindings.Select(b => $"'{b.Attribute("bindingInformation")?.Value}' of site '{s.Name}'")).ToList();
            throw new InvalidDataException("No FTP site to import: no site has a binding with protocol=\"ftp\""
                + (unreadable.Count == 0 ? "" : $" that reads as ip:port:host ({string.Join(", ", unreadable)} does not)") + ". Nothing was written.");
        }

        var chosen = context.Options.Site is { } wanted
            ? ftpSites.FirstOrDefault(s => string.Equals(s.Name, wanted, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidDataException($"No FTP site named '{wanted}'; the FTP sites are: {string.Join(", ", ftpSites.Select(s => $"'{s.Name}'"))}.")
            : ftpSites[0];
        var binding = chosen.FtpBindings[0];
        var port = binding.Port;

        // Every FTP binding on the chosen port comes along: without a host name it is the server's own
        // site, with one it is a Sites entry (one per IIS site, named by its first host name).
        var topLevel = (Site: (IisSite?)null, Binding: (IisBinding?)null);
        var hostSites = new List<(IisSite Site, List<IisBinding> Bindings)>();
        foreach (var site in ftpSites)
        {
            var onPort = site.FtpBindings.Where(b => b.Port == port).ToList();
            foreach (var other in site.FtpBindings.Where(b => b.Port != port))
            {
                report.NotMapped($"site[{site.Name}]/bindings/binding[{other.Text}]",
                    $"port {other.Port}: one Ferry process serves one FTP port (Ftp:Port = {port}); run a second Ferry with its own ferry.json for this port (ferry import iis --site \"{site.Name}\").");
            }

            var plain = onPort.Where(b => b.Host.Length == 0).ToList();
            var named = onPort.Where(b => b.Host.Length > 0).ToList();
            if (plain.Count > 0)
            {
                if (topLevel.Site is null)
                {
                    topLevel = (site, plain[0]);
                }
                else if (topLevel.Site != site)
                {
                    report.NotMapped($"site[{site.Name}]/bindings/binding[{plain[0].Text}]",
                        $"site '{topLevel.Site.Name}' already takes port {port} without a host name; two such sites cannot share a port.");
                }
            }

            if (named.Count > 0 && site != topLevel.Site)
            {
                hostSites.Add((site, named));
            }
            else if (named.Count > 0)
            {
                report.NotMapped($"site[{site.Name}]/bindings/binding[{named[0].Text}]",
                    $"host name '{named[0].Host}' of the server's own site: Ferry's own site answers every client that names no other site, so the name needs no binding.");
            }
        }

        if (topLevel.Site is { } top)
        {
            context.Sites.Add(new ImportedSite(top, topLevel.Binding!, [], Root(context, top, ""), null));
        }

        foreach (var (site, bindings) in hostSites)
        {
            var index = context.Sites.Count(s => !s.TopLevel);
            var names = bindings.Select(b => b.Host).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            context.Sites.Add(new ImportedSite(site, bindings[0], names, Root(context, site, $"Sites:{index}:"), index));
        }

        report.Header($"Source: {context.Options.Source}");
        report.Header($"Imported: {string.Join(", ", context.Sites.Select(s => s.TopLevel ? $"'{s.Site.Name}' (the server's own site)" : $"'{s.Site.Name}' (Sites:{s.Index}, host {string.Join(", ", s.HostNames)})"))}; port {port}.");
        foreach (var skipped in ftpSites.Where(s => context.Sites.All(i => i.Site != s) && s.FtpBindings.All(b => b.Port != port)))
        {
            report.Header($"Not imported: '{skipped.Name}' (port {string.Join(", ", skipped.FtpBindings.Select(b => b.Port).Distinct())}); import it into another ferry.json with --site \"{skipped.Name}\".");
        }

        MapPortAndAddress(context, port);
        foreach (var site in context.Sites)
        {
            MapSite(context, site);
        }

        if (context.TopLevel is null && context.Sites.Count > 0)
        {
            report.Action($"Every imported site has a host name, so Ferry's own site (clients that send no HOST and no 'site|name') serves Storage:Root, which the import leaves at its default ({context.Options.DataDirectory}/files); the imported accounts can log on there too (InheritAccounts shares the embedded store). Point Storage:Root at an empty folder to give them nothing there.");
        }
    }

    private static string Root(ImportContext context, IisSite site, string prefix)
    {
        var root = site.RootDirectory;
        if (root is null)
        {
            context.Report.NotMapped($"site[{site.Name}]/application", "the site has no root virtual directory (path=\"/\"), so it has no folder; set Root by hand.");
            return "";
        }

        context.Iis.Attr(root.Element, "path");
        var path = Expand(context, root.PhysicalPath, $"site[{site.Name}]/application/virtualDirectory[/]/@physicalPath");
        context.Iis.Attr(root.Element, "physicalPath");
        context.Iis.Attr(root.Element.Parent, "path");
        context.Report.Mapped($"site[{site.Name}]/application/virtualDirectory[/]/@physicalPath", prefix.Length == 0 ? "Storage:Root" : prefix + "Root", Quote(path));
        return path;
    }

    private static void MapPortAndAddress(ImportContext context, int port)
    {
        var first = context.Sites[0];
        context.Output.Set("Ftp:Port", port);
        context.Report.Mapped($"site[{first.Site.Name}]/bindings/binding[{first.Binding.Text}]", "Ftp:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (port == 990)
        {
            context.Report.Action("Port 990 is implicit FTPS in IIS (TLS from the first byte). Ferry serves implicit FTPS on Tls:ImplicitPort: set \"Tls\": {\"ImplicitPort\": 990} and give Ftp:Port another port (21), or keep 990 as a plain port if no client expects TLS there.");
        }

        // Every binding of the imported sites on this port: a site bound to two addresses listens on both.
        var bindings = context.Sites.SelectMany(s => s.Site.FtpBindings).Where(b => b.Port == port).ToList();
        var addresses = bindings.Where(b => !b.AnyAddress).Select(b => b.Address).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (addresses.Count > 0 && bindings.All(b => !b.AnyAddress))
        {
            context.Output.Set("Ftp:Listen", FerryConfigBuilder.List(addresses));
            context.Report.Mapped($"sites/site/bindings/binding (address)", "Ftp:Listen", $"[{string.Join(", ", addresses)}]");
        }
        else if (addresses.Count > 0)
        {
            context.Report.NotMapped("sites/site/bindings/binding (address)", $"some imported sites listen on every address and others on {string.Join(", ", addresses)}: Ferry listens on one set of addresses for all its sites, so it listens on every address.");
        }
    }

    private static void MapSite(ImportContext context, ImportedSite site)
    {
        var iis = context.Iis;
        var report = context.Report;
        if (!site.TopLevel)
        {
            context.Output.Set(site.Prefix + "Name", site.HostNames[0]);
            context.Output.Set(site.Prefix + "Root", site.Root);
            report.Mapped($"site[{site.Site.Name}]/bindings/binding[{site.Binding.Text}]", site.Prefix + "Name", Quote(site.HostNames[0]));
            if (site.HostNames.Count > 1)
            {
                context.Output.Set(site.Prefix + "Aliases", FerryConfigBuilder.List(site.HostNames.Skip(1)));
                report.Mapped($"site[{site.Site.Name}]/bindings (more host names)", site.Prefix + "Aliases", $"[{string.Join(", ", site.HostNames.Skip(1))}]");
            }

            // Sites' accounts come from the embedded store, so `ferry account passwd` can set their passwords.
            context.Output.Set(site.Prefix + "InheritAccounts", true);
        }
        else
        {
            context.Output.Set("Storage:Root", site.Root);
        }

        // IIS writes it on the site and on its ftpServer element (the FTP service reads the latter).
        foreach (var (value, where) in new[]
        {
            (iis.Attr(site.Site.Element, "serverAutoStart"), $"site[{site.Site.Name}]/@serverAutoStart"),
            (iis.SiteSetting(site.Site, "", "serverAutoStart").Value, $"site[{site.Site.Name}]/ftpServer/@serverAutoStart"),
        })
        {
            if (bool.TryParse(value, out var starts) && !starts)
            {
                report.NotMapped(where, "false: IIS did not start this site with the service. Ferry serves every configured site when it runs; leave it out of ferry.json, or do not start Ferry, until it should serve.");
            }
        }

        var isolation = iis.SiteSetting(site.Site, "userIsolation", "mode", "None").Value ?? "None";
        foreach (var directory in site.Site.VirtualDirectories.Where(v => v.Path != "/"))
        {
            iis.Attr(directory.Element, "path");
            iis.Attr(directory.Element, "physicalPath");
            iis.Attr(directory.Element.Parent, "path");
            var where = $"site[{site.Site.Name}]/virtualDirectory[{directory.Path}]";
            if (IsolationMapper.IsUserFolder(isolation, directory.Path))
            {
                // A home (or a folder below one): the isolation mapper reads it as the user's home.
                if (directory.Path.Count(c => c == '/') == 2)
                {
                    continue;
                }
            }
            else if (string.Equals(isolation, "IsolateAllDirectories", StringComparison.OrdinalIgnoreCase))
            {
                report.NotMapped(where, "a global virtual directory: under IsolateAllDirectories IIS shows it to nobody (only directories under each user's home count), so it is not mounted.");
                continue;
            }

            var folder = Expand(context, directory.PhysicalPath, where + "/@physicalPath");
            var mounts = site.TopLevel ? "Storage:Mounts" : site.Prefix + "Mounts";
            var index = MountCount(context, mounts);
            context.Output.Set($"{mounts}:{index}:Path", directory.Path);
            context.Output.Set($"{mounts}:{index}:Folder", folder);
            var note = string.Equals(isolation, "IsolateRootDirectoryOnly", StringComparison.OrdinalIgnoreCase)
                ? "IIS shows global virtual directories in every isolated user's root; a Ferry mount lies at its path under the root, so an isolated user sees it only if it is under its home"
                : null;
            report.Mapped(where, $"{mounts}:{index}", $"{{Path: {directory.Path}, Folder: {folder}}}", note);
        }
    }

    private static int MountCount(ImportContext context, string key)
    {
        var count = 0;
        while (context.Output.Has($"{key}:{count}"))
        {
            count++;
        }

        return count;
    }

    /// <summary>Expands %SystemDrive% and the like, reporting what was expanded and what could not be.</summary>
    public static string Expand(ImportContext context, string path, string where)
    {
        var result = PathText.Expand(path, context.Options.Environment, out var expanded, out var unknown);
        if (expanded.Count > 0)
        {
            context.Report.Mapped(where, "(path)", Quote(result), $"expanded {string.Join(", ", expanded)}");
        }

        if (unknown.Count > 0)
        {
            context.Report.Action($"{where}: '{path}' has {string.Join(", ", unknown)}, whose value on the IIS server is unknown here; replace it in ferry.json by the real folder.");
        }

        return result;
    }

    public static string Quote(string text) => JsonValue.Create(text).ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
