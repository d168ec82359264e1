using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ferry.Configuration;

namespace Ferry.Serving;

/// <summary>The FTPS server certificate: the configured one (PEM or .pfx), or a self-signed one made once and kept in the data folder.</summary>
public static class ServerCertificate
{
    /// <summary>Five years: long enough that nobody is surprised by an expiry, short enough to be rotated some day.</summary>
    private static readonly TimeSpan SelfSignedValidity = TimeSpan.FromDays(5 * 365);

    /// <summary>A self-signed certificate this close to expiry is replaced at start-up rather than served.</summary>
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    /// <summary>The leaf with its private key and the rest of the chain, and a sentence saying where it came from.</summary>
    public sealed record Loaded(X509Certificate2 Certificate, X509Certificate2Collection Chain, string Source)
    {
        /// <summary>SHA-256 of the certificate as colon-separated hex, the form browsers and `openssl x509 -fingerprint -sha256` show.</summary>
        public string Fingerprint => Colons(Certificate.GetCertHash(HashAlgorithmName.SHA256));

        /// <summary>
        /// SHA-1 of the certificate, colon-separated: what lftp, FileZilla and WinSCP show when they ask
        /// whether to trust it. Shown for comparison only; it proves nothing SHA-256 does not.
        /// </summary>
        public string Sha1Fingerprint => Colons(Certificate.GetCertHash(HashAlgorithmName.SHA1));

        private static string Colons(byte[] hash) => string.Join(':', Convert.ToHexString(hash).Chunk(2).Select(c => new string(c)));
    }

    public static string SelfSignedCertificatePath(string dataDirectory) => Path.Combine(dataDirectory, "tls", "selfsigned.pem");

    public static string SelfSignedKeyPath(string dataDirectory) => Path.Combine(dataDirectory, "tls", "selfsigned.key");

    public static Loaded Load(TlsSettings tls, string dataDirectory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(tls);
        if (tls.CertificateFile is null)
        {
            return LoadOrCreateSelfSigned(dataDirectory, time);
        }

        if (!File.Exists(tls.CertificateFile))
        {
            throw new ConfigurationException("Tls:CertificateFile", $"Tls:CertificateFile: the file '{tls.CertificateFile}' does not exist.");
        }

        if (tls.KeyFile is not null && !File.Exists(tls.KeyFile))
        {
            throw new ConfigurationException("Tls:KeyFile", $"Tls:KeyFile: the file '{tls.KeyFile}' does not exist.");
        }

        var pkcs12 = tls.CertificateFile.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || tls.CertificateFile.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);
        try
        {
            return pkcs12 ? LoadPkcs12(tls) : LoadPem(tls.CertificateFile, tls.KeyFile);
        }
        catch (CryptographicException ex)
        {
            // The message names the file, never the password.
            var keys = pkcs12 ? "Tls:CertificateFile (or Tls:CertificatePassword)" : tls.KeyFile is null ? "Tls:CertificateFile" : "Tls:CertificateFile or Tls:KeyFile";
            throw new ConfigurationException("Tls:CertificateFile", $"{keys}: cannot load the certificate from '{tls.CertificateFile}': {ex.Message}");
        }
    }

    private static Loaded LoadPem(string certificateFile, string? keyFile)
    {
        var certificate = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        if (!certificate.HasPrivateKey)
        {
            throw new ConfigurationException("Tls:KeyFile", $"Tls:KeyFile: no private key for the certificate in '{certificateFile}'.");
        }

        // A PEM file from a CA usually carries the intermediates after the leaf; clients need them.
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(certificateFile);
        var chain = new X509Certificate2Collection(all.Where(c => c.Thumbprint != certificate.Thumbprint).ToArray());
        return new Loaded(certificate, chain, $"certificate {certificateFile}");
    }

    private static Loaded LoadPkcs12(TlsSettings tls)
    {
        var password = tls.CertificatePassword is null ? null : PasswordSource.Resolve(tls.CertificatePassword, "Tls:CertificatePassword");
        var all = X509CertificateLoader.LoadPkcs12CollectionFromFile(tls.CertificateFile!, password);
        var certificate = all.FirstOrDefault(c => c.HasPrivateKey)
            ?? throw new ConfigurationException("Tls:CertificateFile", $"Tls:CertificateFile: '{tls.CertificateFile}' holds no certificate with a private key.");
        var chain = new X509Certificate2Collection(all.Where(c => !ReferenceEquals(c, certificate)).ToArray());
        return new Loaded(certificate, chain, $"certificate {tls.CertificateFile}");
    }

    private static Loaded LoadOrCreateSelfSigned(string dataDirectory, TimeProvider time)
    {
        var certificatePath = SelfSignedCertificatePath(dataDirectory);
        var keyPath = SelfSignedKeyPath(dataDirectory);
        var now = time.GetUtcNow();
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            try
            {
                var existing = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
                if (existing.HasPrivateKey && existing.NotAfter.ToUniversalTime() > now.UtcDateTime + RenewBefore)
                {
                    return new Loaded(existing, [], $"self-signed certificate {certificatePath}");
                }
            }
            catch (CryptographicException)
            {
                // Damaged (a crash between the two writes, or edited by hand): made anew below.
            }
        }

        var directory = Path.GetDirectoryName(certificatePath)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var created = CreateSelfSigned(key, now);
        // The key first: a certificate file without its key is treated as damaged and replaced.
        PasswordSource.WriteOwnerOnly(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificatePath, created.ExportCertificatePem());
        return new Loaded(X509Certificate2.CreateFromPemFile(certificatePath, keyPath), [], $"new self-signed certificate {certificatePath}");
    }

    /// <summary>CN = this machine's name; SAN = localhost, 127.0.0.1, ::1 and the host name, so that clients that check names can be told to trust it.</summary>
    internal static X509Certificate2 CreateSelfSigned(ECDsa key, DateTimeOffset now)
    {
        var host = Environment.MachineName;
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(host);
        name.AddOrganizationName("Ferry self-signed");
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        if (!string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) && Uri.CheckHostName(host) == UriHostNameType.Dns)
        {
            san.AddDnsName(host);
        }

        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // serverAuth
        return request.CreateSelfSigned(now.AddHours(-1), now + SelfSignedValidity);
    }
}
