using Ferry.Configuration;
using Ferry.Serving;

namespace Ferry.Tls;

/// <summary>
/// `ferry tls fingerprint`: the fingerprints of the certificate `ferry serve` uses, to compare with
/// what a client shows before trusting it (lftp, FileZilla and WinSCP show SHA-1, browsers SHA-256).
/// </summary>
public static class TlsCommand
{
    public static int Fingerprint(IConfigurationRoot configuration)
    {
        var settings = ConfigurationCheck.Load(configuration);
        if (!settings.Tls.Enabled)
        {
            Console.Error.WriteLine("ferry: TLS is disabled (Tls:Mode is Disabled): there is no certificate.");
            return 1;
        }

        // A fingerprint is read, never made: the self-signed certificate is created by `ferry serve`.
        if (settings.Tls.CertificateFile is null && !File.Exists(ServerCertificate.SelfSignedCertificatePath(settings.DataDirectory)))
        {
            Console.Error.WriteLine($"ferry: no certificate yet in {Path.GetDirectoryName(ServerCertificate.SelfSignedCertificatePath(settings.DataDirectory))}: `ferry serve` makes a self-signed one at its first start.");
            return 1;
        }

        var loaded = ServerCertificate.Load(settings.Tls, settings.DataDirectory, TimeProvider.System);
        Console.WriteLine($"certificate  {loaded.Certificate.Subject} ({loaded.Source}), valid until {loaded.Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}");
        Console.WriteLine($"SHA-256      {loaded.Fingerprint}");
        Console.WriteLine($"SHA-1        {loaded.Sha1Fingerprint}");
        return 0;
    }
}
