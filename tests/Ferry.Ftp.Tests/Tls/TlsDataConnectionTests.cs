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
