using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Runtime.Versioning;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Ferry.Configuration;
using Ferry.Ftp.Tls;
using Ferry.Serving;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Ferry.Tests;

[SupportedOSPlatform("linux")]
public sealed class HandshakeAcknowledgementMiddlewareTests
{
    private static readonly TlsSettings SelfSigned = new(FtpTlsMode.Explicit, null, null, null, 0, SslProtocols.Tls12 | SslProtocols.Tls13, true);

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Each_read_of_the_handshake_acknowledges_first_and_no_read_after_it_does(SslProtocols protocol)
    {
        using var data = new TempDirectory();
        var certificate = ServerCertificate.Load(SelfSigned, data.Path, TimeProvider.System).Certificate;
        using var connection = new TestConnection(IPAddress.Loopback);
        var acknowledged = 0;
        var atHandshakeEnd = -1;
        var received = "";

        // What Kestrel's HTTPS middleware does after ours: an SslStream over the transport, its feature set before the handshake.
        var server = new HandshakeAcknowledgementMiddleware(_ => acknowledged++).Wrap(async context =>
        {
            await using var ssl = new SslStream(new PipeStream(context.Transport), leaveInnerStreamOpen: true);
            context.Features.Set<ISslStreamFeature>(new SslStreamFeature(ssl));
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate, EnabledSslProtocols = protocol });
            atHandshakeEnd = acknowledged;
            // Each message asked for after the last was read: every read of it waits for the transport.
            var buffer = new byte[10];
            await ssl.WriteAsync("go"u8.ToArray());
            await ssl.ReadExactlyAsync(buffer.AsMemory(0, 5));
            await ssl.WriteAsync("go"u8.ToArray());
            await ssl.ReadExactlyAsync(buffer.AsMemory(5, 5));
            received = Encoding.ASCII.GetString(buffer);
        })(connection.Context);

        await using (var client = new SslStream(new PipeStream(connection.Context.Application!), leaveInnerStreamOpen: true))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15)); // A guard against a hang, not a measure.
            await client.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                EnabledSslProtocols = protocol,
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString(),
            }, timeout.Token);
            var go = new byte[2];
            await client.ReadExactlyAsync(go, timeout.Token);
            await client.WriteAsync("first"u8.ToArray(), timeout.Token);
            await client.ReadExactlyAsync(go, timeout.Token);
            await client.WriteAsync("after"u8.ToArray(), timeout.Token);
            await server.WaitAsync(timeout.Token);
        }

        Assert.Equal("firstafter", received);
        // The ClientHello and the client's second flight at least: each read waits for the client.
        Assert.True(atHandshakeEnd >= 2, $"{atHandshakeEnd} acknowledgements during the handshake");
        Assert.Equal(atHandshakeEnd, acknowledged);
    }

    [Fact]
    public async Task Without_a_TLS_stream_on_the_connection_it_stops_after_a_handshakes_worth_of_reads()
    {
        using var connection = new TestConnection(IPAddress.Loopback);
        var acknowledged = 0;
        await connection.Context.Application!.Output.WriteAsync(new byte[] { 1 });

        await new HandshakeAcknowledgementMiddleware(_ => acknowledged++).Wrap(async context =>
        {
            for (var read = 0; read < 3 * HandshakeAcknowledgementMiddleware.MaxHandshakeReads; read++)
            {
                // Nothing consumed or examined: each read returns the same byte at once.
                var result = await context.Transport.Input.ReadAsync();
                context.Transport.Input.AdvanceTo(result.Buffer.Start);
            }
        })(connection.Context);

        Assert.Equal(HandshakeAcknowledgementMiddleware.MaxHandshakeReads, acknowledged);
    }

    private sealed class SslStreamFeature(SslStream stream) : ISslStreamFeature
    {
        public SslStream SslStream => stream;
    }

    /// <summary>A stream over one end of a duplex pipe, as Kestrel's HTTPS middleware makes over the transport.</summary>
    private sealed class PipeStream(IDuplexPipe pipe) : Stream
    {
        private readonly Stream _input = pipe.Input.AsStream(leaveOpen: true);
        private readonly Stream _output = pipe.Output.AsStream(leaveOpen: true);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => _output.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => _output.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => _input.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _input.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _input.ReadAsync(buffer, offset, count, cancellationToken);
        public override void Write(byte[] buffer, int offset, int count) => _output.Write(buffer, offset, count);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _output.WriteAsync(buffer, cancellationToken);
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _output.WriteAsync(buffer, offset, count, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
