using System.Globalization;
using System.Xml.Linq;

namespace Ferry.Import.Iis;

/// <summary>An FTP binding "ip:port:host" ("*:21:", "10.0.0.5:2121:ftp.example.com").</summary>
public sealed record IisBinding(string Address, int Port, string Host, string Text)
{
    public bool AnyAddress => Address is "*" or "" or "0.0.0.0" or "::";

    public static IisBinding? Parse(string text)
    {
        // An IPv6 address is written in brackets: "[::1]:21:host".
        var lastColon = text.LastIndexOf(':');
        if (lastColon < 0)
        {
            return null;
        }

        var host = text[(lastColon + 1)..];
        var rest = text[..lastColon];
        var portColon = rest.LastIndexOf(':');
        if (portColon < 0 || !int.TryParse(rest[(portColon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return null;
        }

        return new IisBinding(rest[..portColon].Trim('[', ']'), port, host, text);
    }
}

/// <summary>A virtual directory: its path in the site ("/reports", "/app/docs") and its folder.</summary>
public sealed record IisVirtualDirectory(string Path, string PhysicalPath, XElement Element);

/// <summary>One &lt;site&gt; of system.applicationHost/sites.</summary>
public sealed record IisSite(
    string Name,
    string? Id,
    XElement Element,
    IReadOnlyList<IisBinding> FtpBindings,
    IReadOnlyList<XElement> OtherBindings,
    IReadOnlyList<XElement> BadBindings,
    IReadOnlyList<IisVirtualDirectory> VirtualDirectories,
    XElement? FtpServer)
{
    public bool IsFtp => FtpBindings.Count > 0;

    /// <summary>The folder of the root application's root virtual directory (the site's physicalPath).</summary>
    public IisVirtualDirectory? RootDirectory => VirtualDirectories.FirstOrDefault(v => v.Path == "/");

    public static IisSite From(XElement element, IisConfig config)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentNullException.ThrowIfNull(config);
        var name = config.Attr(element, "name") ?? "";
        var id = config.Attr(element, "id");
        var ftp = new List<IisBinding>();
        var other = new List<XElement>();
        var bad = new List<XElement>();
        foreach (var binding in element.Element("bindings")?.Elements("binding") ?? [])
        {
            var protocol = binding.Attribute("protocol")?.Value;
            if (!string.Equals(protocol, "ftp", StringComparison.OrdinalIgnoreCase))
            {
                other.Add(binding);
                continue;
            }

            config.Attr(binding, "protocol");
            var text = config.Attr(binding, "bindingInformation") ?? "";
            if (IisBinding.Parse(text) is { } parsed)
            {
                ftp.Add(parsed);
            }
            else
            {
                bad.Add(binding);
            }
        }

        var directories = new List<IisVirtualDirectory>();
        foreach (var application in element.Elements("application"))
        {
            var applicationPath = IisConfig.Normalize(application.Attribute("path")?.Value ?? "/");
            foreach (var directory in application.Elements("virtualDirectory"))
            {
                var directoryPath = IisConfig.Normalize(directory.Attribute("path")?.Value ?? "/");
                var full = "/" + string.Join('/', new[] { applicationPath, directoryPath }.Where(p => p.Length > 0));
                directories.Add(new IisVirtualDirectory(full, directory.Attribute("physicalPath")?.Value ?? "", directory));
            }
        }

        return new IisSite(name, id, element, ftp, other, bad, directories, element.Element("ftpServer"));
    }
}
