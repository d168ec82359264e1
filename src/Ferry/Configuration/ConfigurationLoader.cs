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
    ];

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
                throw new ConfigurationException($"The configuration file '{file}' does not exist.");
            }

            builder.AddJsonFile(Path.GetFullPath(file), optional: false);
        }
        else
        {
            builder.AddJsonFile(Path.GetFullPath("ferry.json"), optional: true);
        }

        builder.AddEnvironmentVariables("FERRY__");
        var overrides = new Dictionary<string, string?>();
        foreach (var (flag, key) in FlagKeys)
        {
            if (flags[flag].LastOrDefault() is { } value)
            {
                overrides[key] = value;
            }
        }

        var listen = flags["listen"].ToArray();
        for (var i = 0; i < listen.Length; i++)
        {
            overrides[$"Ftp:Listen:{i}"] = listen[i];
        }

        builder.AddInMemoryCollection(overrides);
        try
        {
            return builder.Build();
        }
        catch (InvalidDataException ex)
        {
            // Malformed JSON: reported like any other configuration mistake, not as a crash.
            throw new ConfigurationException($"{ex.Message} {ex.InnerException?.Message}".TrimEnd());
        }
    }
}
