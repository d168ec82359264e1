using System.IO.Pipelines;
using Ferry.Ftp.Data;
using Ferry.Ftp.Tests.Support;
using Ferry.Ftp.Tls;

namespace Ferry.Ftp.Tests.Tls;

public sealed class TlsDataConnectionTests
{
    [Fact]
    public async Task Cannot_send_files_through_the_kernel_and_ends_with_close_notify_then_eof()
    {
        var (server, client) = Pair();
        var accepting = TlsDataConnection.AcceptAsync(server, TestCertificate.Options(), upload: false, CancellationToken.None);
        await using var clientTls = await TestCertificate.ConnectAsync(client);
        await using var tls = await accepting;

        Assert.False(tls.CanSendFile);
        Assert.False(tls.CanReceiveToFile);
        await tls.Stream.WriteAsync("payload"u8.ToArray());
        await tls.CompleteAsync(CancellationToken.None);
        await tls.CompleteAsync(CancellationToken.None); // Idempotent.

        Assert.Equal("payload"u8.ToArray(), await FtpTestServer.ReadAllAsync(clientTls));
        Assert.True(server.Completed);
    }

    [Fact]
    public async Task Disposing_an_unfinished_download_does_not_wait_for_a_client_that_reads_nothing()
    {
        var (server, client) = Pair();
        var accepting = TlsDataConnection.AcceptAsync(server, TestCertificate.Options(), upload: false, CancellationToken.None);
        await using var clientTls = await TestCertificate.ConnectAsync(client);
        var tls = await accepting;
        // Short records (a listing's) are gathered: 100 KiB of them is more than the in-memory pipe
        // takes before it pushes back (64 KiB), less than one gathered write, so they wait in the buffer.
        for (var i = 0; i < 25; i++)
        {
            await tls.Stream.WriteAsync(new byte[4 * 1024]);
        }

        // As after ABOR: the transfer is dropped, and its unsent bytes must not wait for a client that reads nothing.
        await tls.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15)); // A hang fails the test; not a measurement.
    }

    [Fact]
    public async Task Disposing_a_download_whose_full_records_the_client_does_not_read_does_not_wait()
    {
        var (server, client) = Pair();
        var accepting = TlsDataConnection.AcceptAsync(server, TestCertificate.Options(), upload: false, CancellationToken.None);
        await using var clientTls = await TestCertificate.ConnectAsync(client);
        var tls = await accepting;
        // Full records go to the connection as they come: this write waits where a socket's would, on the client.
        var writing = tls.Stream.WriteAsync(new byte[256 * 1024]).AsTask();
        await Task.Delay(100);
        Assert.False(writing.IsCompleted);

        await tls.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15)); // A hang fails the test; not a measurement.
    }

    [Fact]
    public async Task A_data_connection_offering_only_http_is_refused()
    {
        var (server, client) = Pair();
        var accepting = TlsDataConnection.AcceptAsync(server, TestCertificate.Options(), upload: true, CancellationToken.None);

        await Assert.ThrowsAsync<System.Security.Authentication.AuthenticationException>(() => AlpnClient.ConnectAsync(client, "http/1.1"));
        await Assert.ThrowsAnyAsync<Exception>(() => accepting.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task A_data_connection_offering_ftp_is_accepted()
    {
        var (server, client) = Pair();
        var accepting = TlsDataConnection.AcceptAsync(server, TestCertificate.Options(), upload: false, CancellationToken.None);
        await using var clientTls = await AlpnClient.ConnectAsync(client, "ftp");
        await using var tls = await accepting.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal("ftp", clientTls.NegotiatedApplicationProtocol.ToString());
    }

    private static (RecordingConnection Server, PipeTransportStream Client) Pair()
    {
        var toClient = new Pipe();
        var toServer = new Pipe();
        return (new RecordingConnection(new PipeTransportStream(toServer.Reader, toClient.Writer)), new PipeTransportStream(toClient.Reader, toServer.Writer));
    }

    private sealed class RecordingConnection(PipeTransportStream stream) : IDataConnection
    {
        public bool Completed { get; private set; }

        public Stream Stream => stream;

        public bool CanSendFile => true;

        public ValueTask SendFileAsync(Microsoft.Win32.SafeHandles.SafeFileHandle file, long offset, long count, CancellationToken cancellationToken) => throw new NotSupportedException();

        public bool CanReceiveToFile => true;

        public ValueTask<long> ReceiveToFileAsync(Core.Storage.IReceivableFile file, Action<long> progress, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public ValueTask CompleteAsync(CancellationToken cancellationToken)
        {
            Completed = true;
            stream.CompleteWriting();
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            stream.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
