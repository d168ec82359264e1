using System.Net.Security;
using Ferry.Ftp.Tls;

namespace Ferry.Ftp.Tests.Support;

/// <summary>The client's end of one data connection: the in-memory pipe itself in the clear, a TLS stream over it after PROT P.</summary>
internal sealed class ClientDataConnection(PipeTransportStream pipe, SslStream? tls) : IAsyncDisposable
{
    public Stream Stream => tls ?? (Stream)pipe;

    public Task<byte[]> ReadAllAsync() => FtpTestServer.ReadAllAsync(Stream);

    public async Task WriteAsync(byte[] bytes)
    {
        await Stream.WriteAsync(bytes);
        await Stream.FlushAsync();
    }

    /// <summary>The end of an upload: close_notify first under TLS (the server reads it as the end of the data), then the half-close.</summary>
    public async Task CompleteWritingAsync()
    {
        if (tls is not null)
        {
            await tls.ShutdownAsync();
        }

        pipe.CompleteWriting();
    }

    /// <summary>A bare TCP close (FIN) without TLS close_notify: what a cut connection, or a careless client, looks like.</summary>
    public void CloseWithoutCloseNotify() => pipe.CompleteWriting();

    public async ValueTask DisposeAsync()
    {
        if (tls is not null)
        {
            await tls.DisposeAsync();
        }

        await pipe.DisposeAsync();
    }
}
