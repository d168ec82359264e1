using Ferry.WebDav;

namespace Ferry.Configuration;

/// <summary>The `WebDav` section: which ports serve WebDAV, and how.</summary>
/// <param name="HttpPort">Plain HTTP (default 8080); 0 = off.</param>
/// <param name="HttpsPort">HTTPS with the FTPS certificate (default 8443); 0 = off, and off when TLS is disabled.</param>
/// <param name="Options">What the WebDAV engine is given (prefix, Depth: infinity, plain-HTTP logons).</param>
public sealed record WebDavSettings(int HttpPort, int HttpsPort, WebDavOptions Options)
{
    /// <summary>
    /// WebDav:KeepAliveSeconds: how long a keep-alive connection may wait for its next request before
    /// Ferry closes it. 120 s is IIS's connection timeout, the one Windows' clients met; each open
    /// connection is a session (it counts toward the connection limits) and holds memory, which is
    /// what a shorter time saves.
    /// </summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(DefaultKeepAliveSeconds);

    public const int DefaultKeepAliveSeconds = 120;

    /// <summary>An hour: no client needs an idle connection kept longer, and each one holds a session slot.</summary>
    private const int MaxKeepAliveSeconds = 3600;

    /// <summary>The keys <see cref="Read"/> reads, with the defaults `ferry config print` shows.</summary>
    public static ConfigKey Keys { get; } = ConfigKey.Section(
        ("HttpPort", ConfigKey.Value("8080")),
        ("HttpsPort", ConfigKey.Value("8443")),
        ("Prefix", ConfigKey.Value("/")),
        ("PlainHttpLogon", ConfigKey.Value("LoopbackOnly")),
        ("AllowInfiniteDepth", ConfigKey.Value("false")),
        ("KeepAliveSeconds", ConfigKey.Value(DefaultKeepAliveSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    public static WebDavSettings Load(IConfigurationSection section, TlsSettings tls)
    {
        var problems = new ConfigurationProblems();
        var settings = Read(section, tls, problems);
        problems.ThrowIfAny(null);
        return settings;
    }

    /// <summary>The section's settings, defaults standing in for values that cannot be used; each problem goes to <paramref name="p"/>.</summary>
    /// <param name="copyToLocalClients">Performance:CopyToLocalClients, read with the FTP settings (<see cref="WebDavOptions.CopyToLocalClients"/>); its default when null.</param>
    public static WebDavSettings Read(IConfigurationSection section, TlsSettings tls, ConfigurationProblems p, bool? copyToLocalClients = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(tls);
        ArgumentNullException.ThrowIfNull(p);
        var httpPort = FerrySettings.OptionalPort(p, section, "HttpPort", 8080);
        var httpsPort = tls.Enabled ? FerrySettings.OptionalPort(p, section, "HttpsPort", 8443) : 0;
        var prefix = "/";
        try
        {
            prefix = WebDavOptions.NormalizePrefix(section["Prefix"] ?? "/");
        }
        catch (ArgumentException ex)
        {
            p.Add("WebDav:Prefix", $"WebDav:Prefix: {ex.Message.Split(" (Parameter")[0]}");
        }

        var plain = section["PlainHttpLogon"] is { } text
            ? Enum.TryParse<PlainHttpLogon>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(text, out _)
                ? parsed
                : p.Read<PlainHttpLogon>(() => throw new ConfigurationException("WebDav:PlainHttpLogon", $"WebDav:PlainHttpLogon must be one of {string.Join(", ", Enum.GetNames<PlainHttpLogon>())}, not '{text}'."), PlainHttpLogon.LoopbackOnly)
            : PlainHttpLogon.LoopbackOnly;

        // TLS required for FTP logons means no password crosses the network in the clear by any protocol.
        if (tls.Mode == Ftp.Tls.FtpTlsMode.Required)
        {
            plain = PlainHttpLogon.Never;
        }

        var infinite = section["AllowInfiniteDepth"] is { } depth
            ? bool.TryParse(depth, out var value) ? value : p.Read<bool>(() => throw new ConfigurationException("WebDav:AllowInfiniteDepth", $"WebDav:AllowInfiniteDepth must be true or false, not '{depth}'."), false)
            : false;
        var keepAlive = FerrySettings.Int(p, section, "KeepAliveSeconds", DefaultKeepAliveSeconds, 1, MaxKeepAliveSeconds);
        if (httpPort != 0 && httpPort == httpsPort)
        {
            p.Add("WebDav:HttpsPort", $"WebDav:HttpPort and WebDav:HttpsPort are both {httpPort}: give them different ports.");
        }

        return new WebDavSettings(httpPort, httpsPort, new WebDavOptions
        {
            Prefix = prefix,
            AllowInfiniteDepth = infinite,
            PlainHttpLogon = plain,
            HttpsPort = httpsPort,
            CopyToLocalClients = copyToLocalClients ?? Core.Net.LocalPeer.CopyByDefault,
        })
        { KeepAlive = TimeSpan.FromSeconds(keepAlive) };
    }
}
