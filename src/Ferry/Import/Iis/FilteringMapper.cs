using System.Globalization;

namespace Ferry.Import.Iis;

/// <summary>
/// system.ftpServer/security/requestFiltering -> Filtering:HiddenSegments, DenyExtensions or
/// AllowExtensions, MaxFileBytes (Sites:N:Filtering:* for a host-name site whose rules differ from
/// the server's own). requestLimits' maxUrl/maxQueryString and denyUrlSequences are reported.
/// </summary>
public static class FilteringMapper
{
    private sealed record Rules(List<string> Hidden, List<string> Deny, List<string> Allow, long? MaxBytes)
    {
        public bool None => Hidden.Count == 0 && Deny.Count == 0 && Allow.Count == 0 && MaxBytes is null;

        public bool Same(Rules other) =>
            Hidden.SequenceEqual(other.Hidden) && Deny.SequenceEqual(other.Deny) && Allow.SequenceEqual(other.Allow) && MaxBytes == other.MaxBytes;
    }

    public static void Map(ImportContext context)
    {
        Rules? server = null;
        foreach (var site in context.Sites.OrderBy(s => s.TopLevel ? 0 : 1))
        {
            var rules = Read(context, site);
            if (!site.TopLevel && server is not null && rules.Same(server))
            {
                continue;
            }

            var prefix = site.TopLevel ? "Filtering:" : site.Prefix + "Filtering:";
            var where = $"requestFiltering ({site.Label})";
            if (!site.TopLevel && server is not null && rules.None)
            {
                // A site's own Filtering section replaces the server's whole; without one it would follow the server's rules.
                context.Output.Set(prefix.TrimEnd(':'), new System.Text.Json.Nodes.JsonObject());
                context.Report.Mapped(where, prefix.TrimEnd(':'), "{}", "the site filters nothing, so the server's rules must not reach it");
                continue;
            }
            if (rules.Hidden.Count > 0)
            {
                context.Output.Set(prefix + "HiddenSegments", FerryConfigBuilder.List(rules.Hidden));
                context.Report.Mapped(where + "/hiddenSegments", prefix + "HiddenSegments", $"[{string.Join(", ", rules.Hidden)}]");
            }

            if (rules.Deny.Count > 0)
            {
                context.Output.Set(prefix + "DenyExtensions", FerryConfigBuilder.List(rules.Deny));
                context.Report.Mapped(where + "/fileExtensions", prefix + "DenyExtensions", $"[{string.Join(", ", rules.Deny)}]");
            }

            if (rules.Allow.Count > 0)
            {
                context.Output.Set(prefix + "AllowExtensions", FerryConfigBuilder.List(rules.Allow));
                context.Report.Mapped(where + "/fileExtensions", prefix + "AllowExtensions", $"[{string.Join(", ", rules.Allow)}]", "allowUnlisted=false: only these");
            }

            if (rules.MaxBytes is { } max)
            {
                context.Output.Set(prefix + "MaxFileBytes", max);
                context.Report.Mapped(where + "/requestLimits/@maxAllowedContentLength", prefix + "MaxFileBytes", max.ToString(CultureInfo.InvariantCulture));
            }

            if (site.TopLevel)
            {
                server = rules;
            }
        }
    }

    private static Rules Read(ImportContext context, ImportedSite site)
    {
        var iis = context.Iis;
        var sections = iis.Sections(site.Site.Name, "security/requestFiltering");
        var hidden = iis.Merge(sections.Select(s => s.Element("hiddenSegments")).OfType<System.Xml.Linq.XElement>(), e => e.Attribute("segment")?.Value ?? "")
            .Select(e => iis.Attr(e, "segment") ?? "").Where(s => s.Length > 0).ToList();
        var extensionSections = sections.Select(s => s.Element("fileExtensions")).OfType<System.Xml.Linq.XElement>().ToList();
        var allowUnlisted = true;
        foreach (var section in extensionSections)
        {
            if (bool.TryParse(iis.Attr(section, "allowUnlisted"), out var value))
            {
                allowUnlisted = value;
            }
        }

        var extensions = iis.Merge(extensionSections, e => e.Attribute("fileExtension")?.Value ?? "");
        var deny = new List<string>();
        var allow = new List<string>();
        foreach (var entry in extensions)
        {
            var extension = iis.Attr(entry, "fileExtension") ?? "";
            var allowed = bool.TryParse(iis.Attr(entry, "allowed"), out var a) ? a : true;
            (allowed ? allow : deny).Add(extension.StartsWith('.') ? extension : "." + extension);
        }

        if (allowUnlisted)
        {
            allow.Clear();
        }
        else
        {
            // Only the allowed ones pass; a denied entry says nothing more.
            deny.Clear();
        }

        long? maxBytes = null;
        foreach (var section in sections)
        {
            var limits = section.Element("requestLimits");
            if (long.TryParse(iis.Attr(limits, "maxAllowedContentLength"), NumberStyles.None, CultureInfo.InvariantCulture, out var max))
            {
                if (max > 0)
                {
                    maxBytes = max;
                }
                else
                {
                    context.Report.NotMapped($"{IisConfig.Where(limits!)}/@maxAllowedContentLength",
                        "0: Ferry's Filtering:MaxFileBytes must be positive. To forbid uploads, leave the write permission out of the folder's rules.");
                }
            }

            foreach (var attribute in new[] { "maxUrl", "maxQueryString" })
            {
                if (iis.Attr(limits, attribute) is { } value)
                {
                    context.Report.NotMapped($"{IisConfig.Where(limits!)}/@{attribute}",
                        $"{value}: Ferry bounds every command line to 4096 bytes and every path by the file system; there is no query string in FTP.");
                }
            }

            if (section.Element("denyUrlSequences") is { } sequences)
            {
                foreach (var add in sequences.Elements("add"))
                {
                    iis.Handled(add);
                    context.Report.NotMapped($"{IisConfig.Where(add)}[{add.Attribute("sequence")?.Value}]",
                        "Ferry has no rule by character sequence; paths are resolved inside the account's home ('..' cannot climb out), and a name can be hidden with Filtering:HiddenSegments.");
                }
            }
        }

        foreach (var location in context.Iis.Locations().Where(l => l.Path.StartsWith(site.Site.Name + "/", StringComparison.OrdinalIgnoreCase)))
        {
            if (IisConfig.Descend(location.Location.Element("system.ftpServer"), "security/requestFiltering") is { } folder)
            {
                context.Report.NotMapped(IisConfig.Where(folder), "request filtering on one folder: Ferry's filtering rules are the server's or a site's.");
                foreach (var e in folder.DescendantsAndSelf())
                {
                    iis.Handled(e);
                }
            }
        }

        return new Rules(hidden, deny, allow, maxBytes);
    }
}
