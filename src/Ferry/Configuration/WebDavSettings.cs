using Ferry.WebDav;

namespace Ferry.Configuration;

/// <summary>The `WebDav` section: which ports serve WebDAV, and how.</summary>
/// <param name="HttpPort">Plain HTTP (default 8080); 0 = off.</param>
/// <param name="HttpsPort">HTTPS with the FTPS certificate (default 8443); 0 = off, and off when TLS is disabled.</param>
/// <param name="Options">What the WebDAV engine is given (prefix, Depth: infinity, plain-HTTP logons).</param>
public sealed record WebDavSettings(int HttpPort, int HttpsPort, WebDavOptions Options)
{
    public static WebDavSettings Load(IConfigurationSection section, TlsSettings tls)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(tls);
        var httpPort = Port(section, "HttpPort", 8080);
        var httpsPort = tls.Enabled ? Port(section, "HttpsPort", 8443) : 0;
        string prefix;
        try
        {
            prefix = WebDavOptions.NormalizePrefix(section["Prefix"] ?? "/");
        }
        catch (ArgumentException ex)
        {
            throw new ConfigurationException($"WebDav:Prefix: {ex.Message.Split(" (Parameter")[0]}");
        }

        var plain = section["PlainHttpLogon"] is { } text
            ? Enum.TryParse<PlainHttpLogon>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(text, out _)
                ? parsed
                : throw new ConfigurationException($"WebDav:PlainHttpLogon must be one of {string.Join(", ", Enum.GetNames<PlainHttpLogon>())}, not '{text}'.")
            : PlainHttpLogon.LoopbackOnly;

        // TLS required for FTP logons means no password crosses the network in the clear by any protocol.
        if (tls.Mode == Ftp.Tls.FtpTlsMode.Required)
        {
            plain = PlainHttpLogon.Never;
        }

        var infinite = section["AllowInfiniteDepth"] is { } depth
            ? bool.TryParse(depth, out var value) ? value : throw new ConfigurationException($"WebDav:AllowInfiniteDepth must be true or false, not '{depth}'.")
            : false;
        if (httpPort != 0 && httpPort == httpsPort)
        {
            throw new ConfigurationException($"WebDav:HttpPort and WebDav:HttpsPort are both {httpPort}: give them different ports.");
        }

        return new WebDavSettings(httpPort, httpsPort, new WebDavOptions
        {
            Prefix = prefix,
            AllowInfiniteDepth = infinite,
            PlainHttpLogon = plain,
            HttpsPort = httpsPort,
        });
    }

    private static int Port(IConfigurationSection section, string key, int fallback)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535
            ? port
            : throw new ConfigurationException($"WebDav:{key} must be a port from 1 to 65535, or 0 for none, not '{text}'.");
    }
}
