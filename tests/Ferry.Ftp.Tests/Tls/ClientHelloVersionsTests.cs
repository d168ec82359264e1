using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using Ferry.Ftp.Tests.Support;
using Ferry.Ftp.Tls;

namespace Ferry.Ftp.Tests.Tls;

public sealed class ClientHelloVersionsTests
{
    [Theory]
    [InlineData(SslProtocols.Tls12 | SslProtocols.Tls13, true)]
    [InlineData(SslProtocols.Tls12, true)]
    [InlineData(SslProtocols.Tls13, false)]
    public async Task Reads_whether_a_real_client_hello_offers_tls_1_2(SslProtocols clientProtocols, bool expected)
    {
        var hello = await CaptureClientHelloAsync(clientProtocols);

        Assert.Equal(expected, ClientHelloVersions.OffersTls12(hello));
    }

    [Fact]
    public async Task Every_truncated_hello_is_unknown_rather_than_a_guess()
    {
        var hello = await CaptureClientHelloAsync(SslProtocols.Tls13);

        for (var length = 0; length < hello.Length; length++)
        {
            Assert.Null(ClientHelloVersions.OffersTls12(hello.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Bytes_that_are_not_a_handshake_record_are_unknown()
    {
        Assert.Null(ClientHelloVersions.OffersTls12("USER alice\r\n"u8));
        Assert.Null(ClientHelloVersions.OffersTls12([22, 3, 3, 0, 4, 2, 0, 0, 0]));
    }

    /// <summary>Starts a real client handshake over a pipe and returns its first TLS record.</summary>
    private static async Task<byte[]> CaptureClientHelloAsync(SslProtocols protocols)
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        var client = new SslStream(new PipeTransportStream(toClient.Reader, toServer.Writer));
        using var stop = new CancellationTokenSource();
        var handshake = client.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost", EnabledSslProtocols = protocols }, stop.Token);
        var bytes = new List<byte>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (bytes.Count < 5 || bytes.Count < 5 + ((bytes[3] << 8) | bytes[4]))
        {
            var result = await toServer.Reader.ReadAsync(timeout.Token);
            foreach (var segment in result.Buffer)
            {
                bytes.AddRange(segment.ToArray());
            }

            toServer.Reader.AdvanceTo(result.Buffer.End);
        }

        await stop.CancelAsync();
        toClient.Writer.Complete();
        await Assert.ThrowsAnyAsync<Exception>(() => handshake);
        return [.. bytes.Take(5 + ((bytes[3] << 8) | bytes[4]))];
    }
}
