namespace Ferry.Configuration;

/// <summary>
/// Builds the configuration in .NET's order: the file (ferry.json or --config), then environment
/// variables FERRY__SECTION__KEY, then command-line flags, each overriding the one before.
/// </summary>
public static class ConfigurationLoader
{
    /// <summary>Quick-start flags and the configuration key each sets.</summary>
    private static readonly (string Flag, string Key)[] FlagKeys =
    [
        ("root", "Storage:Root"),
        ("ftp-port", "Ftp:Port"),
        ("passive-ports", "Ftp:PassivePorts"),
        ("public-address", "Ftp:PublicAddress"),
        ("data", "DataDirectory"),
        ("anonymous", "Security:AnonymousHome"),
        ("log-level", "Logging:Level"),
        ("tls", "Tls:Mode"),
        ("tls-cert", "Tls:CertificateFile"),
        ("tls-key", "Tls:KeyFile"),
        ("implicit-port", "Tls:ImplicitPort"),
        ("webdav-port", "WebDav:HttpPort"),
        ("webdavs-port", "WebDav:HttpsPort"),
        ("create-missing", "Storage:CreateMissing"),
    ];

    /// <summary>Quick-start flags that take no value: given alone they mean "true".</summary>
    public static IReadOnlySet<string> SwitchFlags { get; } = new HashSet<string>(["create-missing"], StringComparer.Ordinal);

    /// <summary>Environment variables FERRY__SECTION__KEY set SECTION:KEY.</summary>
    public const string EnvironmentPrefix = "FERRY__";

    public static IEnumerable<string> Flags => FlagKeys.Select(f => f.Flag).Concat(["config", "listen", "user"]);

    /// <summary>The quick-start flags as (flag, configuration key), for a command line parser to declare.</summary>
    public static IReadOnlyList<(string Flag, string Key)> QuickStartFlags => FlagKeys;

    /// <param name="file">--config, or null for ./ferry.json when it exists.</param>
    /// <param name="flags">The flags given, by name without dashes; --listen may repeat.</param>
    public static IConfigurationRoot Load(string? file, ILookup<string, string> flags)
    {
        var builder = new ConfigurationBuilder();
        if (file is not null)
        {
            if (!File.Exists(file))
            {
                throw new ConfigurationException($"the configuration file '{file}' does not exist.");
            }

            builder.AddJsonFile(Path.GetFullPath(file), optional: false);
        }
        else
        {
            builder.AddJsonFile(Path.GetFullPath("ferry.json"), optional: true);
        }

        ArgumentNullException.ThrowIfNull(flags);
        builder.AddEnvironmentVariables(EnvironmentPrefix);
        var overrides = new List<(string Flag, string Key, string Value)>();
        foreach (var (flag, key) in FlagKeys)
        {
            if (flags[flag].LastOrDefault() is { } value)
            {
                overrides.Add((flag, key, value));
            }
        }

        var listen = flags["listen"].ToArray();
        for (var i = 0; i < listen.Length; i++)
        {
            overrides.Add(("listen", $"Ftp:Listen:{i}", listen[i]));
        }

        builder.Add(new FlagConfigurationSource(overrides));
        try
        {
            return builder.Build();
        }
        catch (InvalidDataException ex)
        {
            // Malformed JSON: reported like any other configuration mistake, with the file, line and column.
            throw new ConfigurationException(MalformedJson(ex, file ?? "ferry.json"));
        }
    }

    private static string MalformedJson(InvalidDataException ex, string file)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Text.Json.JsonException { LineNumber: { } line, BytePositionInLine: { } column } json)
            {
                // The reader's message ends with its own "Path: $ | LineNumber: 0 | ..." (0-based); said once, 1-based, in front.
                var reason = json.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd();
                return $"{ConfigurationSources.Display(Path.GetFullPath(file))}:{line + 1}:{column + 1}: invalid JSON: {reason}";
            }
        }

        return $"{ex.Message} {ex.InnerException?.Message}".TrimEnd();
    }
}
