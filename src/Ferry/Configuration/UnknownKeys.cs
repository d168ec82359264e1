using System.Globalization;

namespace Ferry.Configuration;

/// <summary>
/// Finds every key the configuration holds that <see cref="KnownKeys"/> does not declare, with a
/// "did you mean" for a near miss. Hand-written rather than ConfigurationBinder's
/// ErrorOnUnknownConfiguration: the binder stops at the first unknown key of the first type, gives
/// no suggestion, and needs mutable classes shaped like the file, while Ferry's settings are
/// immutable records validated value by value.
/// </summary>
public static class UnknownKeys
{
    public static IReadOnlyList<ConfigurationProblem> In(IConfiguration config, ConfigKey schema)
    {
        ArgumentNullException.ThrowIfNull(config);
        var problems = new List<ConfigurationProblem>();
        Check(config.GetChildren(), "", schema, problems);
        return problems;
    }

    // Paths in messages are spelled as declared ("Ftp:PassivePorts"), not as the first provider
    // happened to spell them (FERRY__FTP__... gives "FTP"); an unknown key is spelled as written.
    private static void Check(IEnumerable<IConfigurationSection> children, string path, ConfigKey shape, List<ConfigurationProblem> problems)
    {
        foreach (var child in children)
        {
            var declared = shape is SectionKey s ? s.Keys.Keys.FirstOrDefault(k => string.Equals(k, child.Key, StringComparison.OrdinalIgnoreCase)) : null;
            var childPath = (path.Length == 0 ? "" : path + ConfigurationPath.KeyDelimiter) + (declared ?? child.Key);
            Check(child, childPath, shape switch
            {
                SectionKey section => section.Keys.GetValueOrDefault(child.Key),
                MapKey map => map.Entry,
                ListKey list when IsIndex(child.Key) => list.Item,
                _ => null,
            }, shape, path, problems);
        }
    }

    private static void Check(IConfigurationSection child, string path, ConfigKey? shape, ConfigKey parent, string parentPath, List<ConfigurationProblem> problems)
    {
        var grandChildren = child.GetChildren().ToArray();
        switch (shape)
        {
            case null when parent is ListKey:
                problems.Add(new(child.Path, $"'{parentPath}' is a list: write its items as [ ... ] (or {parentPath}:0, {parentPath}:1 ...), not '{child.Key}'."));
                break;
            case null:
                problems.Add(new(child.Path, $"unknown key '{path}'{Hint(child.Key, parent, parentPath)}"));
                break;
            case ValueKey when grandChildren.Length > 0:
                problems.Add(new(child.Path, $"'{path}' takes a single value, not a section or list."));
                break;
            case ListKey { SingleAllowed: false } when grandChildren.Length == 0 && !string.IsNullOrEmpty(child.Value):
                problems.Add(new(child.Path, $"'{path}' is a list: write [ \"{child.Value}\" ], not a single value."));
                break;
            case SectionKey when grandChildren.Length == 0 && !string.IsNullOrEmpty(child.Value):
                problems.Add(new(child.Path, $"'{path}' is a section of keys, not a single value."));
                break;
            case SectionKey or ListKey or MapKey:
                Check(grandChildren, path, shape, problems);
                break;
        }
    }

    private static string Hint(string key, ConfigKey parent, string parentPath)
    {
        if (parent is not SectionKey section)
        {
            return ".";
        }

        var prefix = parentPath.Length == 0 ? "" : parentPath + ":";
        var nearest = section.Keys.Keys
            .Select(known => (Known: known, Distance: Distance(key.ToUpperInvariant(), known.ToUpperInvariant())))
            .OrderBy(k => k.Distance).ThenBy(k => k.Known, StringComparer.Ordinal)
            .FirstOrDefault();

        // A third of the name, at most 3: "Tsl" -> "Tls" and "PasivePorts" -> "PassivePorts" are
        // suggested, while a key with nothing in common gets the list of keys instead.
        var allowed = Math.Clamp(key.Length / 3, 1, 3);
        return nearest.Known is not null && nearest.Distance <= allowed
            ? $"; did you mean '{prefix}{nearest.Known}'?"
            : $"; known keys{(prefix.Length == 0 ? "" : " in " + parentPath)}: {string.Join(", ", section.Keys.Keys.Order(StringComparer.Ordinal))}.";
    }

    /// <summary>Edit distance with transpositions (optimal string alignment): "Tsl" is one step from "Tls".</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    private static bool IsIndex(string key) => int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out _);
}
