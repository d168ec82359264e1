using System.Net.Security;

namespace Ferry.Ftp.Tls;

/// <summary>
/// The server certificate that new handshakes use, replaceable while the server runs: a renewed
/// certificate (certbot, an internal CA) takes effect on a configuration reload, for connections and
/// upgrades that start after it; those already encrypted keep theirs.
/// </summary>
public sealed class CertificateSlot(SslStreamCertificateContext initial)
{
    private SslStreamCertificateContext _current = initial ?? throw new ArgumentNullException(nameof(initial));

    public SslStreamCertificateContext Current
    {
        get => Volatile.Read(ref _current);
        set => Volatile.Write(ref _current, value ?? throw new ArgumentNullException(nameof(value)));
    }
}
