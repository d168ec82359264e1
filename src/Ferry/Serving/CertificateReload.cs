using System.Net.Security;
using System.Security.Cryptography;
using Ferry.Configuration;
using Ferry.Ftp.Tls;

namespace Ferry.Serving;

/// <summary>
/// On a reload, reads the TLS certificate again (the configured files, or the self-signed one) and,
/// when it differs from the one in use, puts it in the slot every new handshake reads: FTPS (AUTH TLS,
/// implicit, data connections) and WebDAV over HTTPS. A certificate renewed in place is thus picked up
/// by `systemctl reload ferry`, without dropping a session.
/// </summary>
public sealed class CertificateReload(CertificateSlot slot, ILogger logger, TimeProvider time)
{
    public void Apply(FerrySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Tls.Enabled)
        {
            // Turning TLS off is a change of mode: it takes a restart, and the reload says so.
            return;
        }

        var loaded = ServerCertificate.Load(settings.Tls, settings.DataDirectory, time);
        var inUse = slot.Current.TargetCertificate.GetCertHash(HashAlgorithmName.SHA256);
        if (loaded.Certificate.GetCertHash(HashAlgorithmName.SHA256).AsSpan().SequenceEqual(inUse))
        {
            return;
        }

        slot.Current = SslStreamCertificateContext.Create(loaded.Certificate, loaded.Chain, offline: true);
        logger.LogInformation("TLS certificate replaced for new connections: {Subject}, valid until {NotAfter:yyyy-MM-dd}, SHA-256 fingerprint {Fingerprint} (SHA-1 {Sha1Fingerprint})",
            loaded.Certificate.Subject, loaded.Certificate.NotAfter.ToUniversalTime(), loaded.Fingerprint, loaded.Sha1Fingerprint);
    }
}
