using System.Xml.Linq;

namespace Ferry.Import.Iis;

/// <summary>
/// An applicationHost.config, and which of its attributes the importer has read: every attribute
/// of the FTP parts that no mapper read is listed in the report (<see cref="UnreadSettings"/>), so
/// nothing is dropped silently.
/// </summary>
public sealed class IisConfig
{
    private readonly HashSet<XAttribute> _read = [];
    private readonly HashSet<XElement> _handled = [];

    public IisConfig(XDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        Root = document.Root ?? throw new InvalidDataException("The configuration has no root element.");
        ApplicationHost = Root.Element("system.applicationHost");
        FtpServer = Root.Element("system.ftpServer");
        SiteDefaults = ApplicationHost?.Element("sites")?.Element("siteDefaults")?.Element("ftpServer");
        Sites = [.. (ApplicationHost?.Element("sites")?.Elements("site") ?? []).Select(e => IisSite.From(e, this))];
    }

    public XElement Root { get; }

    public XElement? ApplicationHost { get; }

    /// <summary>The server-level &lt;system.ftpServer&gt; (firewallSupport, security, providerDefinitions...).</summary>
    public XElement? FtpServer { get; }

    /// <summary>&lt;siteDefaults&gt;&lt;ftpServer&gt;: what every site has unless it says otherwise.</summary>
    public XElement? SiteDefaults { get; }

    public IReadOnlyList<IisSite> Sites { get; }

    /// <summary>The attribute's value (null when absent); marks it as read.</summary>
    public string? Attr(XElement? element, string name)
    {
        var attribute = element?.Attribute(name);
        if (attribute is null)
        {
            return null;
        }

        _read.Add(attribute);
        return attribute.Value;
    }

    /// <summary>Marks an element (clear, remove...) as understood, so it is not listed as unread.</summary>
    public void Handled(XElement element) => _handled.Add(element);

    /// <summary>
    /// A site setting: the site's &lt;ftpServer&gt; first, then siteDefaults, then IIS's schema default.
    /// <paramref name="path"/> is the element under ftpServer ("security/ssl"). Both places are read.
    /// </summary>
    public SiteValue SiteSetting(IisSite site, string path, string attribute, string? schemaDefault = null)
    {
        ArgumentNullException.ThrowIfNull(site);
        var own = Attr(Descend(site.FtpServer, path), attribute);
        var inherited = Attr(Descend(SiteDefaults, path), attribute);
        return own is not null ? new SiteValue(own, ValueSource.Site)
            : inherited is not null ? new SiteValue(inherited, ValueSource.SiteDefaults)
            : new SiteValue(schemaDefault, ValueSource.Default);
    }

    /// <summary>The elements a site setting is read from: the site's own and siteDefaults'.</summary>
    public IEnumerable<XElement> SiteElements(IisSite site, string path)
    {
        ArgumentNullException.ThrowIfNull(site);
        return new[] { Descend(SiteDefaults, path), Descend(site.FtpServer, path) }.OfType<XElement>();
    }

    /// <summary>
    /// A server-level section (under system.ftpServer, e.g. "security/authorization") as it applies at
    /// <paramref name="locationPath"/> ("Site/folder"): the global one first, then each &lt;location&gt;
    /// from the site down to the folder, in the order IIS merges them.
    /// </summary>
    public IReadOnlyList<XElement> Sections(string locationPath, string path)
    {
        var found = new List<(int Depth, XElement Section)>();
        if (Descend(FtpServer, path) is { } global)
        {
            found.Add((-1, global));
        }

        var wanted = Normalize(locationPath);
        foreach (var (location, locationKey) in Locations())
        {
            if ((locationKey.Length == 0 || IsAtOrBelow(wanted, locationKey))
                && Descend(location.Element("system.ftpServer"), path) is { } section)
            {
                found.Add((locationKey.Length == 0 ? 0 : 1 + locationKey.Count(c => c == '/'), section));
            }
        }

        // The parent's rules come before the child's (a stable sort keeps the file's order otherwise).
        return [.. found.OrderBy(f => f.Depth).Select(f => f.Section)];
    }

    /// <summary>Every &lt;location path&gt; with a system.ftpServer part: (element, normalised path "Site/folder").</summary>
    public IEnumerable<(XElement Location, string Path)> Locations() =>
        Root.Elements("location")
            .Where(l => l.Element("system.ftpServer") is not null)
            .Select(l => (l, Normalize(l.Attribute("path")?.Value ?? "")));

    /// <summary>
    /// A collection merged as IIS merges it along <paramref name="sections"/>: &lt;clear/&gt; empties it,
    /// &lt;remove&gt; takes the entry with the same key away, &lt;add&gt; appends (or replaces the same key).
    /// </summary>
    public List<XElement> Merge(IEnumerable<XElement> sections, Func<XElement, string> key)
    {
        var entries = new List<XElement>();
        foreach (var section in sections)
        {
            foreach (var child in section.Elements())
            {
                switch (child.Name.LocalName)
                {
                    case "clear":
                        Handled(child);
                        entries.Clear();
                        break;
                    case "remove":
                        Handled(child);
                        var removed = key(child);
                        entries.RemoveAll(e => string.Equals(key(e), removed, StringComparison.OrdinalIgnoreCase));
                        break;
                    case "add":
                        Handled(child);
                        var added = key(child);
                        entries.RemoveAll(e => string.Equals(key(e), added, StringComparison.OrdinalIgnoreCase));
                        entries.Add(child);
                        break;
                    default:
                        break;
                }
            }
        }

        return entries;
    }

    /// <summary>Attributes under <paramref name="scope"/> that nothing read, and elements with neither attributes read nor handled.</summary>
    public IEnumerable<XAttribute> UnreadSettings(XElement scope) =>
        scope.DescendantsAndSelf()
            .Where(e => !_handled.Contains(e))
            .SelectMany(e => e.Attributes())
            .Where(a => !a.IsNamespaceDeclaration && !_read.Contains(a));

    /// <summary>Elements under <paramref name="scope"/> with no attribute and no child that nothing handled (a bare &lt;clear/&gt;).</summary>
    public IEnumerable<XElement> UnreadElements(XElement scope) =>
        scope.Descendants().Where(e => !e.HasAttributes && !e.HasElements && !_handled.Contains(e));

    public static XElement? Descend(XElement? start, string path)
    {
        var element = start;
        foreach (var name in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            element = element?.Element(name);
        }

        return element;
    }

    /// <summary>"Default FTP Site/Reports/" -> "Default FTP Site/Reports": slashes one way, none at the ends.</summary>
    public static string Normalize(string path) => path.Replace('\\', '/').Trim('/');

    public static bool IsAtOrBelow(string path, string ancestor) =>
        string.Equals(path, ancestor, StringComparison.OrdinalIgnoreCase)
        || path.StartsWith(ancestor + "/", StringComparison.OrdinalIgnoreCase);

    /// <summary>An element's place in the file, for the report: "sites/site[Default FTP Site]/ftpServer/security/ssl".</summary>
    public static string Where(XElement element)
    {
        var parts = new List<string>();
        for (var e = element; e is not null && e.Name.LocalName != "configuration"; e = e.Parent)
        {
            var name = e.Name.LocalName;
            if (name is "site" && e.Attribute("name") is { } siteName)
            {
                name = $"site[{siteName.Value}]";
            }
            else if (name is "location" && e.Attribute("path") is { } locationPath)
            {
                name = $"location[{locationPath.Value}]";
            }

            parts.Add(name);
        }

        parts.Reverse();
        var text = string.Join('/', parts);

        // Sites are named the same way everywhere in the report: "site[NAME]/...".
        return text.StartsWith("system.applicationHost/sites/", StringComparison.Ordinal) ? text["system.applicationHost/sites/".Length..] : text;
    }
}

public enum ValueSource
{
    Site,
    SiteDefaults,
    Default,
}

/// <summary>A site setting's value and where it came from (the report says when it is IIS's default).</summary>
public sealed record SiteValue(string? Value, ValueSource Source)
{
    public bool Written => Source != ValueSource.Default;
}
