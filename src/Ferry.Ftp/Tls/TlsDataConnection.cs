using System.Net.Security;
using Ferry.Ftp.Data;

namespace Ferry.Ftp.Tls;

/// <summary>
/// A data connection protected by TLS (PROT P). It wraps an established connection without owning
/// it: the caller still disposes the inner one. File sends cannot go through the kernel, because
/// every byte must be encrypted here, so <see cref="CanSendFile"/> is false and RETR uses the
/// pooled-buffer copy (large writes, so SslStream emits full 16 KiB records, each sent as it comes).
/// </summary>
public sealed class TlsDataConnection : IDataConnection
{
    private readonly SslStream _ssl;
    private readonly DataStream _transport;
    private readonly IDataConnection _inner;
    private int _completed;

    private TlsDataConnection(SslStream ssl, DataStream transport, IDataConnection inner)
    {
        _ssl = ssl;
        _transport = transport;
        _inner = inner;
    }

    public Stream Stream => _ssl;

    public bool CanSendFile => false;

    public bool CanReceiveToFile => false;

    /// <summary>
    /// True when the client's data ended with a bare TCP close instead of TLS close_notify: the
    /// received data may be truncated (a cut connection looks the same). Meaningful once a read has
    /// returned the end.
    /// </summary>
    public bool EndedWithoutCloseNotify => _transport.ReachedEnd;

    /// <summary>The negotiated protocol and cipher, for the log.</summary>
    public string Description => $"{_ssl.SslProtocol}, {_ssl.NegotiatedCipherSuite}";

    /// <summary>
    /// Runs the server side of the handshake over <paramref name="inner"/>; on failure nothing is
    /// left open but <paramref name="inner"/>. <paramref name="upload"/>: the client only writes
    /// (see <see cref="FtpTlsOptions.DataAuthentication"/>).
    /// </summary>
    public static Task<TlsDataConnection> AcceptAsync(IDataConnection inner, FtpTlsOptions options, bool upload, CancellationToken cancellationToken) =>
        AcceptAsync(inner, options, () => upload, cancellationToken);

    /// <summary>
    /// As above, for a handshake that may begin before the transfer command: <paramref name="upload"/>
    /// is asked once, when the client's hello has arrived (see <see cref="EarlyDataHandshake"/>).
    /// </summary>
    public static async Task<TlsDataConnection> AcceptAsync(IDataConnection inner, FtpTlsOptions options, Func<bool> upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(upload);
        var transport = new DataStream(inner.Stream, inner as IChunkedReceive);
        var ssl = new SslStream(transport, leaveInnerStreamOpen: true);
        var answeredAsUpload = false;
        try
        {
            await ssl.AuthenticateAsServerAsync(
                (_, _, _, _) =>
                {
                    answeredAsUpload = upload();
                    return ValueTask.FromResult(options.DataAuthentication(answeredAsUpload, ClientHelloVersions.OffersTls12(transport.Recorded) ?? false));
                },
                null,
                cancellationToken).ConfigureAwait(false);
            transport.HandshakeDone();
            if (answeredAsUpload)
            {
                // The handshake's last answer (the session tickets) left the socket acknowledging late.
                (inner as IChunkedReceive)?.AcknowledgePromptly();
            }

            return new TlsDataConnection(ssl, transport, inner);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            await transport.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask SendFileAsync(Microsoft.Win32.SafeHandles.SafeFileHandle file, long offset, long count, CancellationToken cancellationToken) =>
        throw new NotSupportedException("A TLS data connection cannot hand a file to the kernel: the bytes must be encrypted.");

    public ValueTask<long> ReceiveToFileAsync(Core.Storage.IReceivableFile file, Action<long> progress, CancellationToken cancellationToken) =>
        throw new NotSupportedException("A TLS data connection cannot hand received bytes to the kernel: they must be decrypted here.");

    /// <summary>
    /// The end of the data: close_notify, then a half-close, so that clients that check for
    /// truncation (curl, lftp, Python's unwrap) see a clean end. Idempotent.
    /// </summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return;
        }

        await _ssl.ShutdownAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await _transport.FlushAsync(cancellationToken).ConfigureAwait(false); // The last records and close_notify leave together.
        await _inner.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// After an upload has been received in full: answer the client's close_notify with ours (Python's
    /// ftplib waits for it in unwrap) unless already done. A peer that has gone already is no error.
    /// </summary>
    public async ValueTask AcknowledgeEndAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or System.Security.Authentication.AuthenticationException)
        {
            // The data arrived whole; a goodbye the client no longer hears changes nothing.
        }
    }

    public async ValueTask DisposeAsync()
    {
        // A finished transfer has sent everything in CompleteAsync; what is left belongs to one that
        // did not finish (ABOR), and must not hold the session while a client that stopped reading ignores it.
        _transport.Abandon();
        await _ssl.DisposeAsync().ConfigureAwait(false);
        await _transport.DisposeAsync().ConfigureAwait(false);
    }
}
