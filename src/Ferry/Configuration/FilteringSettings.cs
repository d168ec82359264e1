using System.Collections.Immutable;
using Ferry.Core.Files;

namespace Ferry.Configuration;

/// <summary>
/// The `Filtering` section (and a site's `Sites:N:Filtering`): request filtering as IIS FTP's
/// <c>system.ftpServer/security/requestFiltering</c> has it, which `ferry import iis` writes here.
/// { "Filtering": { "HiddenSegments": ["_vti_cnf"], "DenyExtensions": [".exe"], "AllowExtensions": [], "MaxFileBytes": "100MB" } }
/// Read into a <see cref="RequestFilter"/>, which Core's file service applies to every protocol.
/// </summary>
public static class FilteringSettings
{
    /// <summary>The keys <see cref="Read"/> reads, with the defaults `ferry config print` shows.</summary>
    public const string Name = "Filtering";

    public static ConfigKey Keys { get; } = ConfigKey.Section(
        ("HiddenSegments", ConfigKey.ValueOrList()),
        ("DenyExtensions", ConfigKey.ValueOrList()),
        ("AllowExtensions", ConfigKey.ValueOrList()),
        ("MaxFileBytes", ConfigKey.Value("<no limit>")));

    /// <summary>
    /// The Filtering section of <paramref name="parent"/> (the root, or one site), or null when it is
    /// not there at all (for a site: the server's rules apply). An empty one (<c>"Filtering": {}</c>)
    /// is there: no filtering. Each bad entry goes to <paramref name="p"/> with its key, and is left out.
    /// </summary>
    public static RequestFilter? Read(IConfiguration parent, ConfigurationProblems p)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(p);

        // An empty JSON object is a key with a null value: Exists() says false, but its parent lists it.
        var section = parent.GetSection(Name);
        if (!section.Exists() && !parent.GetChildren().Any(child => string.Equals(child.Key, Name, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        return new RequestFilter
        {
            HiddenSegments = Entries(section.GetSection("HiddenSegments"), p, Segment),
            DenyExtensions = Entries(section.GetSection("DenyExtensions"), p, Extension),
            AllowExtensions = Entries(section.GetSection("AllowExtensions"), p, Extension),
            MaxFileBytes = MaxFileBytes(section, p),
        };
    }

    /// <summary>A list's entries as <paramref name="read"/> takes them; a single value is a list of one, as for AllowFrom.</summary>
    private static ImmutableArray<string> Entries(IConfigurationSection list, ConfigurationProblems p, Func<IConfigurationSection, ConfigurationProblems, string?> read)
    {
        IEnumerable<IConfigurationSection> entries = list.Value is not null ? [list] : list.GetChildren();
        return [.. entries.Select(entry => read(entry, p)).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>A hidden segment is one name: not empty, no slash (it would never match a single segment), not "." or "..".</summary>
    private static string? Segment(IConfigurationSection entry, ConfigurationProblems p)
    {
        var name = entry.Value?.Trim() ?? "";
        if (name.Length == 0 || name is "." or ".." || name.Contains('/') || name.Contains('\\') || name.Any(char.IsControl))
        {
            p.Add(entry.Path, $"{entry.Path}: '{Printable(entry.Value ?? "")}' is not a file or folder name: a hidden segment is one name, such as _vti_cnf, without '/' (it hides that name at any depth).");
            return null;
        }

        return name;
    }

    private static string? Extension(IConfigurationSection entry, ConfigurationProblems p)
    {
        if (RequestFilter.NormaliseExtension(entry.Value ?? "") is { } extension)
        {
            return extension;
        }

        p.Add(entry.Path, $"{entry.Path}: '{Printable(entry.Value ?? "")}' is not a file extension: write one such as .exe or .tar.gz (the end of a file's name; no '/' and no empty part; \".\" for names without an extension).");
        return null;
    }

    private static long? MaxFileBytes(IConfigurationSection section, ConfigurationProblems p)
    {
        var text = section["MaxFileBytes"];
        if (text is null)
        {
            return null;
        }

        if (ByteSize.TryParse(text.Trim(), out var bytes) && bytes > 0)
        {
            return bytes;
        }

        p.Add($"{section.Path}:MaxFileBytes", $"{section.Path}:MaxFileBytes must be a positive size, such as 104857600, 100MB or 100MiB, not '{Printable(text)}'.");
        return null;
    }

    private static string Printable(string text) => string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));
}
