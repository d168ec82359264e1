namespace Ferry.Configuration;

/// <summary>
/// `ferry config check` and `ferry config print`: the configuration as Ferry would run it, checked
/// without starting anything, so that an administrator can test a change before a restart.
/// </summary>
public static class ConfigCommand
{
    /// <summary>What `config print` shows instead of a secret.</summary>
    public const string Mask = "********";

    /// <summary>Prints "configuration OK" (exit 0) or every problem, one a line, each with its source (exit 2).</summary>
    public static int Check(string? file, ILookup<string, string> flags, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            ConfigurationCheck.Load(ConfigurationLoader.Load(file, flags));
            output.WriteLine("configuration OK");
            return 0;
        }
        catch (ConfigurationException ex)
        {
            return Report(ex, output);
        }
    }

    /// <summary>
    /// Every key as Ferry will use it, one "Key = value  # source" line each: the file with line and
    /// column, the environment variable, the flag, or "default". Secrets are masked. Then any
    /// problems, as `config check` reports them (exit 2).
    /// </summary>
    public static int Print(string? file, ILookup<string, string> flags, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        IConfigurationRoot config;
        try
        {
            config = ConfigurationLoader.Load(file, flags);
        }
        catch (ConfigurationException ex)
        {
            return Report(ex, output);
        }

        var sources = new ConfigurationSources(config);
        var lines = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in config.AsEnumerable())
        {
            // Sections have no value of their own; an empty object or array reads as "".
            if (value is null || (value.Length == 0 && config.GetSection(key).GetChildren().Any()))
            {
                continue;
            }

            var name = Canonical(key);
            lines[name] = $"{name} = {Shown(key, value)}  # {sources.Describe(key) ?? "set"}";
        }

        foreach (var (key, defaultText) in Defaults(KnownKeys.Root, ""))
        {
            lines.TryAdd(key, $"{key} = {defaultText}  # default");
        }

        foreach (var line in lines.Values)
        {
            output.WriteLine(line);
        }

        try
        {
            ConfigurationCheck.Load(config);
            return 0;
        }
        catch (ConfigurationException ex)
        {
            return Report(ex, output);
        }
    }

    /// <summary>The value, or <see cref="Mask"/> for a secret; a password given as env:NAME or file:PATH names where it is, not what it is, and is shown.</summary>
    public static string Shown(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var reference = value.StartsWith("env:", StringComparison.Ordinal) || value.StartsWith("file:", StringComparison.Ordinal);
        return IsSecret(key) && !(reference && !key.EndsWith("Hash", StringComparison.OrdinalIgnoreCase)) ? Mask : value;
    }

    /// <summary>Declared secret, or named like one: a key no schema knows yet is masked by its name.</summary>
    public static bool IsSecret(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var name = key.Split(ConfigurationPath.KeyDelimiter)[^1];
        return Shape(key) is ValueKey { Secret: true }
            || name.Contains("Password", StringComparison.OrdinalIgnoreCase)
            || name.Contains("Token", StringComparison.OrdinalIgnoreCase)
            || name.Contains("Secret", StringComparison.OrdinalIgnoreCase)
            || name.Contains("PrivateKey", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The key spelled as declared (FERRY__FTP__PORT gives FTP:PORT; printed as Ftp:Port).</summary>
    private static string Canonical(string key)
    {
        ConfigKey? shape = KnownKeys.Root;
        var parts = key.Split(ConfigurationPath.KeyDelimiter);
        for (var i = 0; i < parts.Length; i++)
        {
            if (shape is SectionKey section && section.Keys.Keys.FirstOrDefault(k => string.Equals(k, parts[i], StringComparison.OrdinalIgnoreCase)) is { } declared)
            {
                parts[i] = declared;
            }

            shape = shape switch
            {
                SectionKey s => s.Keys.GetValueOrDefault(parts[i]),
                ListKey list => list.Item,
                MapKey map => map.Entry,
                _ => null,
            };
        }

        return string.Join(ConfigurationPath.KeyDelimiter, parts);
    }

    private static ConfigKey? Shape(string key)
    {
        ConfigKey? shape = KnownKeys.Root;
        foreach (var part in key.Split(ConfigurationPath.KeyDelimiter))
        {
            shape = shape switch
            {
                SectionKey section => section.Keys.GetValueOrDefault(part),
                ListKey list => list.Item,
                MapKey map => map.Entry,
                _ => null,
            };
        }

        return shape;
    }

    private static IEnumerable<(string Key, string Default)> Defaults(SectionKey section, string prefix)
    {
        foreach (var (name, shape) in section.Keys)
        {
            var key = prefix + name;
            if (shape is ValueKey { Default: { } text })
            {
                yield return (key, text);
            }
            else if (shape is SectionKey inner)
            {
                foreach (var entry in Defaults(inner, key + ConfigurationPath.KeyDelimiter))
                {
                    yield return entry;
                }
            }
        }
    }

    private static int Report(ConfigurationException ex, TextWriter output)
    {
        foreach (var problem in ex.Problems)
        {
            output.WriteLine($"error: {problem}");
        }

        return 2;
    }
}
