using System.Runtime.Versioning;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ferry.Configuration;
using Ferry.Ftp.Tls;
using Ferry.Serving;

namespace Ferry.Tests;

[SupportedOSPlatform("linux")]
public sealed class ServerCertificateTests
{
    private static readonly TlsSettings SelfSigned = new(FtpTlsMode.Explicit, null, null, null, 0, SslProtocols.Tls12 | SslProtocols.Tls13, true);

    [Fact]
    public void Self_signed_certificate_is_made_once_with_the_documented_names_and_reused()
    {
        using var data = new TempDirectory();

        var first = ServerCertificate.Load(SelfSigned, data.Path, TimeProvider.System);
        var second = ServerCertificate.Load(SelfSigned, data.Path, TimeProvider.System);

        Assert.True(first.Certificate.HasPrivateKey);
        Assert.Equal(first.Certificate.Thumbprint, second.Certificate.Thumbprint);
        Assert.StartsWith("new self-signed", first.Source);
        Assert.StartsWith("self-signed", second.Source);
        Assert.Contains("CN=" + Environment.MachineName, first.Certificate.Subject);
        Assert.NotNull(first.Certificate.GetECDsaPublicKey());
        var san = first.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("localhost", san.EnumerateDnsNames());
        Assert.Contains(System.Net.IPAddress.Loopback, san.EnumerateIPAddresses());
        Assert.Contains(System.Net.IPAddress.IPv6Loopback, san.EnumerateIPAddresses());
        var years = (first.Certificate.NotAfter - first.Certificate.NotBefore).TotalDays / 365;
        Assert.InRange(years, 4.9, 5.1);
    }

    [Fact]
    public void Self_signed_key_is_readable_by_the_owner_only()
    {
        using var data = new TempDirectory();

        ServerCertificate.Load(SelfSigned, data.Path, TimeProvider.System);

        var mode = File.GetUnixFileMode(ServerCertificate.SelfSignedKeyPath(data.Path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.Contains("BEGIN PRIVATE KEY", File.ReadAllText(ServerCertificate.SelfSignedKeyPath(data.Path)));
        Assert.Contains("BEGIN CERTIFICATE", File.ReadAllText(ServerCertificate.SelfSignedCertificatePath(data.Path)));
    }

    [Fact]
    public void A_damaged_self_signed_certificate_is_replaced()
    {
        using var data = new TempDirectory();
        var first = ServerCertificate.Load(SelfSigned, data.Path, TimeProvider.System);
        File.WriteAllText(ServerCertificate.SelfSignedCertificatePath(data.Path), "not a certificate");

        var second = ServerCertificate.Load(SelfSigned, data.Path, TimeProvider.System);

        Assert.NotEqual(first.Certificate.Thumbprint, second.Certificate.Thumbprint);
        Assert.True(second.Certificate.HasPrivateKey);
    }

    [Fact]
    public void Configured_pem_certificate_and_key_are_loaded_with_the_chain_after_the_leaf()
    {
        using var dir = new TempDirectory();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = new CertificateRequest("CN=ftp.example.test", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var intermediate = new CertificateRequest("CN=Example CA", otherKey, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(dir.File("cert.pem"), leaf.ExportCertificatePem() + "\n" + intermediate.ExportCertificatePem());
        File.WriteAllText(dir.File("key.pem"), key.ExportPkcs8PrivateKeyPem());

        var loaded = ServerCertificate.Load(SelfSigned with { CertificateFile = dir.File("cert.pem"), KeyFile = dir.File("key.pem") }, dir.Path, TimeProvider.System);

        Assert.Equal(leaf.Thumbprint, loaded.Certificate.Thumbprint);
        Assert.True(loaded.Certificate.HasPrivateKey);
        Assert.Equal(intermediate.Thumbprint, Assert.Single(loaded.Chain).Thumbprint);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "tls")), "a configured certificate must not create a self-signed one");
    }

    [Fact]
    public void Configured_pfx_is_loaded_with_its_password()
    {
        using var dir = new TempDirectory();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=pfx.example.test", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllBytes(dir.File("server.pfx"), certificate.Export(X509ContentType.Pfx, "pfx-pw"));

        var loaded = ServerCertificate.Load(SelfSigned with { CertificateFile = dir.File("server.pfx"), CertificatePassword = "pfx-pw" }, dir.Path, TimeProvider.System);

        Assert.Equal(certificate.Thumbprint, loaded.Certificate.Thumbprint);
        Assert.True(loaded.Certificate.HasPrivateKey);
    }

    [Fact]
    public void A_wrong_pfx_password_names_the_keys_and_not_the_password()
    {
        using var dir = new TempDirectory();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=pfx.example.test", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllBytes(dir.File("server.pfx"), certificate.Export(X509ContentType.Pfx, "pfx-pw"));

        var error = Assert.Throws<ConfigurationException>(() =>
            ServerCertificate.Load(SelfSigned with { CertificateFile = dir.File("server.pfx"), CertificatePassword = "wrong-secret" }, dir.Path, TimeProvider.System));

        Assert.Contains("Tls:CertificatePassword", error.Message);
        Assert.DoesNotContain("wrong-secret", error.Message);
    }

    [Theory]
    [InlineData("Tls:CertificateFile")]
    [InlineData("Tls:KeyFile")]
    public void A_missing_file_names_its_key(string key)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("present.pem"), "x");
        var settings = key == "Tls:CertificateFile"
            ? SelfSigned with { CertificateFile = dir.File("missing.pem"), KeyFile = dir.File("present.pem") }
            : SelfSigned with { CertificateFile = dir.File("present.pem"), KeyFile = dir.File("missing.pem") };

        var error = Assert.Throws<ConfigurationException>(() => ServerCertificate.Load(settings, dir.Path, TimeProvider.System));

        Assert.StartsWith(key, error.Message);
        Assert.Contains("missing.pem", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_certificate_names_its_key()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("cert.pem"), "not a certificate");

        var error = Assert.Throws<ConfigurationException>(() =>
            ServerCertificate.Load(SelfSigned with { CertificateFile = dir.File("cert.pem") }, dir.Path, TimeProvider.System));

        Assert.Contains("Tls:CertificateFile", error.Message);
    }

    [Fact]
    public void Fingerprint_is_the_colon_separated_sha256_of_the_certificate()
    {
        using var data = new TempDirectory();
        var loaded = ServerCertificate.Load(SelfSigned, data.Path, TimeProvider.System);

        var expected = Convert.ToHexString(SHA256.HashData(loaded.Certificate.RawData));
        Assert.Equal(expected, loaded.Fingerprint.Replace(":", "", StringComparison.Ordinal));
        Assert.Equal(32, loaded.Fingerprint.Split(':').Length);
    }

    [Fact]
    public void Sha1Fingerprint_is_the_colon_separated_sha1_that_ftp_clients_show()
    {
        using var data = new TempDirectory();
        var loaded = ServerCertificate.Load(SelfSigned, data.Path, TimeProvider.System);

        Assert.Equal(Convert.ToHexString(SHA1.HashData(loaded.Certificate.RawData)), loaded.Sha1Fingerprint.Replace(":", "", StringComparison.Ordinal));
        Assert.Equal(20, loaded.Sha1Fingerprint.Split(':').Length);
    }
}
