using System.Security.Authentication;
using Ferry.Ftp.Tls;

namespace Ferry.Configuration;

/// <summary>
/// The `Tls` section: how FTPS is offered and where the certificate comes from. Paths only; the
/// certificate is loaded (or generated) when the server starts, by <see cref="Serving.ServerCertificate"/>.
/// </summary>
/// <param name="Mode">Disabled, Explicit (AUTH TLS offered) or Required.</param>
/// <param name="CertificateFile">PEM certificate (with its chain) or a .pfx/.p12; null = a generated self-signed one.</param>
/// <param name="KeyFile">PEM private key; null = in <paramref name="CertificateFile"/> itself.</param>
/// <param name="CertificatePassword">The .pfx password (or env:VARIABLE / file:PATH); null = none.</param>
/// <param name="ImplicitPort">The implicit FTPS port (traditionally 990); 0 = none.</param>
/// <param name="Protocols">TLS 1.2 and 1.3, or 1.3 only.</param>
/// <param name="AllowPlainAnonymous">In Required mode, anonymous logon may stay in the clear.</param>
public sealed record TlsSettings(
    FtpTlsMode Mode,
    string? CertificateFile,
    string? KeyFile,
    string? CertificatePassword,
    int ImplicitPort,
    SslProtocols Protocols,
    bool AllowPlainAnonymous)
{
    public bool Enabled => Mode != FtpTlsMode.Disabled;

    /// <summary>
    /// An upload over a protected data connection counts as complete when the client ends it with a
    /// TCP close alone, without TLS close_notify. Off by default (like vsftpd's strict_ssl_read_eof):
    /// without close_notify a cut connection cannot be told from the end of the file.
    /// </summary>
    public bool AllowUploadWithoutCloseNotify { get; init; }

    /// <summary>The keys <see cref="Read"/> reads, with the defaults `ferry config print` shows.</summary>
    public static ConfigKey Keys { get; } = ConfigKey.Section(
        ("Mode", ConfigKey.Value("Explicit")),
        ("CertificateFile", ConfigKey.Value()),
        ("KeyFile", ConfigKey.Value()),
        ("CertificatePassword", ConfigKey.SecretValue()),
        ("ImplicitPort", ConfigKey.Value("0")),
        ("MinimumVersion", ConfigKey.Value("1.2")),
        ("AllowPlainAnonymous", ConfigKey.Value("true")),
        ("AllowUploadWithoutCloseNotify", ConfigKey.Value("false")));

    public static TlsSettings Load(IConfigurationSection section)
    {
        var problems = new ConfigurationProblems();
        var settings = Read(section, problems);
        problems.ThrowIfAny(null);
        return settings;
    }

    /// <summary>The section's settings, defaults standing in for values that cannot be used; each problem goes to <paramref name="p"/>.</summary>
    public static TlsSettings Read(IConfigurationSection section, ConfigurationProblems p)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(p);
        var minimum = section["MinimumVersion"] ?? "1.2";
        var protocols = minimum.Trim() switch
        {
            "1.2" => SslProtocols.Tls12 | SslProtocols.Tls13,
            "1.3" => SslProtocols.Tls13,
            _ => Problem(p, "Tls:MinimumVersion", $"Tls:MinimumVersion must be 1.2 or 1.3, not '{minimum}'.", SslProtocols.Tls12 | SslProtocols.Tls13),
        };
        var mode = section["Mode"] is { } text
            ? Enum.TryParse<FtpTlsMode>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(text, out _)
                ? parsed
                : Problem(p, "Tls:Mode", $"Tls:Mode must be one of Disabled, Explicit, Required, not '{text}'.", FtpTlsMode.Explicit)
            : FtpTlsMode.Explicit;
        var implicitPort = FerrySettings.OptionalPort(p, section, "ImplicitPort", 0);
        var allowPlainAnonymous = section["AllowPlainAnonymous"] is { } allow
            ? bool.TryParse(allow, out var b) ? b : Problem(p, "Tls:AllowPlainAnonymous", $"Tls:AllowPlainAnonymous must be true or false, not '{allow}'.", true)
            : true;
        if (mode == FtpTlsMode.Disabled && implicitPort != 0)
        {
            p.Add("Tls:ImplicitPort", "Tls:ImplicitPort needs TLS: Tls:Mode is Disabled.");
        }

        var certificate = Path(section, "CertificateFile");
        var key = Path(section, "KeyFile");
        if (key is not null && certificate is null)
        {
            p.Add("Tls:KeyFile", "Tls:KeyFile is set but Tls:CertificateFile is not: give both, or neither for a self-signed certificate.");
        }

        var allowUploadWithoutCloseNotify = section["AllowUploadWithoutCloseNotify"] is { } lax
            ? bool.TryParse(lax, out var l) ? l : Problem(p, "Tls:AllowUploadWithoutCloseNotify", $"Tls:AllowUploadWithoutCloseNotify must be true or false, not '{lax}'.", false)
            : false;

        return new TlsSettings(mode, certificate, key, Empty(section["CertificatePassword"]), implicitPort, protocols, allowPlainAnonymous)
        {
            AllowUploadWithoutCloseNotify = allowUploadWithoutCloseNotify,
        };
    }

    private static T Problem<T>(ConfigurationProblems p, string key, string message, T fallback)
    {
        p.Add(key, message);
        return fallback;
    }

    private static string? Path(IConfigurationSection section, string key) =>
        Empty(section[key]) is { } path ? System.IO.Path.GetFullPath(path) : null;

    private static string? Empty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
