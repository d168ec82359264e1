using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ferry.Integration.Tests;

/// <summary>`ferry tls fingerprint` and the start-up log name the certificate clients are served, in both forms clients show.</summary>
public sealed class TlsFingerprintTests
{
    private readonly ITestOutputHelper _output;

    public TlsFingerprintTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task The_command_and_the_log_show_the_SHA256_and_SHA1_of_the_served_certificate()
    {
        await using var server = await FerryServer.StartAsync(_output);
        var result = await new FerryCli(_output).RunAsync(server.WorkingDir, null, "tls", "fingerprint", "--data", server.DataDir);
        Assert.True(result.Succeeded, result.Describe());

        using var certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(server.DataDir, "tls", "selfsigned.pem")));
        var sha256 = Colons(SHA256.HashData(certificate.RawData));
        var sha1 = Colons(SHA1.HashData(certificate.RawData));
        Assert.Contains($"SHA-256      {sha256}", result.Stdout);
        Assert.Contains($"SHA-1        {sha1}", result.Stdout);
        Assert.Contains(sha256, server.Output);
        Assert.Contains(sha1, server.Output);
    }

    [Fact]
    public async Task Before_the_first_start_the_command_says_there_is_no_certificate_yet()
    {
        var data = Directory.CreateTempSubdirectory("ferry-it-fp-").FullName;
        try
        {
            var result = await new FerryCli(_output).RunAsync(data, null, "tls", "fingerprint", "--data", data);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("no certificate yet", result.Stderr);
            Assert.False(Directory.Exists(Path.Combine(data, "tls")));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static string Colons(byte[] hash) => string.Join(':', Convert.ToHexString(hash).Chunk(2).Select(c => new string(c)));
}
