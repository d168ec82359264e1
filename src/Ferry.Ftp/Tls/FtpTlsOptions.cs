using System.Net.Security;
using System.Security.Authentication;

namespace Ferry.Ftp.Tls;

/// <summary>FTPS settings of one server: mode, certificate and protocol floor. Immutable; passed in through <see cref="FtpOptions"/>.</summary>
public sealed record FtpTlsOptions
{
    public static FtpTlsOptions Disabled { get; } = new();

    public FtpTlsMode Mode { get; init; } = FtpTlsMode.Disabled;

    /// <summary>
    /// The server certificate with its chain, built once: one shared context lets the TLS library
    /// keep one server state (and session cache) for the control and every data connection.
    /// </summary>
    public SslStreamCertificateContext? Certificate { get; init; }

    /// <summary>Where a reload puts a renewed certificate; when set, new handshakes use its current one instead of <see cref="Certificate"/>.</summary>
    public CertificateSlot? ReloadableCertificate { get; init; }

    /// <summary>The certificate a handshake starting now offers.</summary>
    public SslStreamCertificateContext? CurrentCertificate => ReloadableCertificate?.Current ?? Certificate;

    /// <summary>TLS 1.2 and 1.3; older versions have known weaknesses and no current client needs them.</summary>
    public SslProtocols Protocols { get; init; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>In <see cref="FtpTlsMode.Required"/>: anonymous logon and its data may stay in the clear (it has no secret to protect).</summary>
    public bool AllowPlainAnonymous { get; init; } = true;

    /// <summary>
    /// An upload over a protected data connection that ends with a TCP close alone, without TLS
    /// close_notify, is committed (226) instead of refused (426, the old file kept). Off by default,
    /// as vsftpd's strict_ssl_read_eof: without close_notify an attacker who cuts the connection, or
    /// a network that breaks it, truncates the file undetected (RFC 5246 section 7.2.1). For clients
    /// that never send close_notify.
    /// </summary>
    public bool AllowUploadWithoutCloseNotify { get; init; }

    /// <summary>A handshake that has not finished by then is abandoned, so a silent client cannot hold a session in it.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>True when AUTH TLS is offered: a mode other than Disabled and a certificate to offer.</summary>
    public bool Enabled => Mode != FtpTlsMode.Disabled && CurrentCertificate is not null;

    /// <summary>The ALPN identifier IANA registered for FTP (RFC 4217) after the ALPACA paper: the only protocol a Ferry TLS endpoint speaks.</summary>
    public static SslApplicationProtocol FtpApplicationProtocol { get; } = new("ftp");

    /// <summary>
    /// Fresh options for one server-side handshake (SslStream may keep a reference to them): the
    /// implicit port, AUTH TLS and every data connection. ALPN: a client that offers none is
    /// accepted (most FTP clients offer none); one that offers "ftp" gets it; one that offers only
    /// other protocols ("http/1.1", "h2") is refused with alert 120 no_application_protocol
    /// (RFC 7301 section 3.2), so a browser cannot be made to talk HTTP to an FTPS port (ALPACA).
    /// </summary>
    public SslServerAuthenticationOptions ServerAuthentication() => new()
    {
        ServerCertificateContext = CurrentCertificate,
        ApplicationProtocols = [FtpApplicationProtocol],
        EnabledSslProtocols = Protocols,
        ClientCertificateRequired = false,
        CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        AllowRenegotiation = false,
    };

    /// <summary>
    /// Options for a data connection's handshake, chosen once the client's hello is read. An
    /// upload's data connection uses TLS 1.2 when the client and the floor allow it: in TLS 1.3
    /// the server sends its session tickets after the handshake, a client that only writes never
    /// reads them, and when it closes the socket with them unread its kernel sends a reset and
    /// drops the file's last unsent bytes (seen with rclone's Go client: uploads cut short with
    /// "connection reset by peer"). TLS 1.2 sends its ticket inside the handshake, where every
    /// client reads it. A client that offers only TLS 1.3 still gets it.
    /// </summary>
    /// <param name="upload">The client sends the data (STOR, APPE, STOU).</param>
    /// <param name="clientOffersTls12">The client's hello offers TLS 1.2 (false when unknown: then the client gets its best version).</param>
    public SslServerAuthenticationOptions DataAuthentication(bool upload, bool clientOffersTls12)
    {
        var options = ServerAuthentication();
        if (upload && clientOffersTls12 && Protocols.HasFlag(SslProtocols.Tls12))
        {
            options.EnabledSslProtocols = SslProtocols.Tls12;
        }

        return options;
    }
}
