using Ferry.Core.Net;
using Ferry.Ftp.Data;

namespace Ferry.Ftp.Tls;

/// <summary>
/// A passive data connection under PROT P, accepted as soon as PASV/EPSV has answered, whose TLS
/// handshake is answered as soon as the client's hello arrives: before the transfer command when
/// the client sends its hello first. curl before 8.0 does (7.88 is Debian 12's, 7.81 Ubuntu
/// 22.04's): it connects, sends its hello, and waits 200 ms for an answer before it sends RETR or
/// STOR, so a server that starts the handshake only after the command made every file 200 ms
/// longer (docs/clients.md). Clients that send the command first (lftp, rclone, ftplib) are
/// answered as before, and the direction is known by then. A hello that comes first is answered as
/// for an upload (<see cref="FtpTlsOptions.DataAuthentication"/>), which is safe either way.
/// </summary>
internal sealed class EarlyDataHandshake : IAsyncDisposable
{
    private const int Unknown = 0;
    private const int Download = 1;
    private const int Upload = 2;
    private const int Clear = 3;

    private readonly CancellationTokenSource _cancel = new();
    private readonly Task<IDataConnection> _accepted;
    private readonly Task<TlsDataConnection?> _protected;
    private int _direction;
    private volatile bool _handshakeStarted;
    private bool _acceptedTaken;
    private bool _protectedTaken;

    private EarlyDataHandshake(IPassiveListener listener, FtpTlsOptions options)
    {
        _accepted = listener.AcceptAsync(_cancel.Token).AsTask();
        _protected = ProtectAsync(options);
    }

    /// <summary>Starts accepting on <paramref name="listener"/>, which stays the caller's.</summary>
    public static EarlyDataHandshake Start(IPassiveListener listener, FtpTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(options);
        return new EarlyDataHandshake(listener, options);
    }

    private async Task<TlsDataConnection?> ProtectAsync(FtpTlsOptions options)
    {
        var connection = await _accepted.ConfigureAwait(false);

        // The client's first bytes, none taken: until they come, a transfer in clear (PROT C sent
        // after PASV) may still have the connection untouched.
        await connection.Stream.ReadAsync(Memory<byte>.Empty, _cancel.Token).ConfigureAwait(false);
        if (Volatile.Read(ref _direction) == Clear)
        {
            return null;
        }

        _handshakeStarted = true;

        // When the accept and the hello were both there already, everything so far ran in the
        // PASV's step on the socket thread: the handshake's crypto goes to the pool.
        await SocketThreads.ToPool();
        return await TlsDataConnection.AcceptAsync(connection, options, () => Volatile.Read(ref _direction) != Download, _cancel.Token).ConfigureAwait(false);
    }

    /// <summary>The client's connection; <paramref name="cancellationToken"/> bounds the wait (the data timeout).</summary>
    public async Task<IDataConnection> AcceptedAsync(CancellationToken cancellationToken)
    {
        var connection = await _accepted.WaitAsync(cancellationToken).ConfigureAwait(false);
        _acceptedTaken = true; // From here the transfer closes it.
        return connection;
    }

    /// <summary>
    /// The transfer command has come: a hello not answered yet is answered for its direction.
    /// Said before the 150, after which clients that wait for it send their hello.
    /// </summary>
    public void Expect(bool upload) => Interlocked.CompareExchange(ref _direction, upload ? Upload : Download, Unknown);

    /// <summary>
    /// The connection protected for a transfer in this direction; <paramref name="cancellationToken"/>
    /// bounds the wait for the handshake. Throws what the handshake threw.
    /// </summary>
    public async Task<TlsDataConnection> ProtectedAsync(bool upload, CancellationToken cancellationToken)
    {
        Expect(upload);
        var tls = await _protected.WaitAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The data connection was left in clear.");
        _protectedTaken = true;
        return tls;
    }

    /// <summary>
    /// The transfer runs in clear after all (PROT C came after PASV): true when the client has not
    /// begun TLS on the connection, which the transfer may then use as it is.
    /// </summary>
    public async Task<bool> LeaveClearAsync()
    {
        Volatile.Write(ref _direction, Clear);
        await _cancel.CancelAsync().ConfigureAwait(false);
        try
        {
            if (await _protected.ConfigureAwait(false) is { } tls)
            {
                await tls.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
        {
            // Stopped while waiting for the client (fine) or in a handshake (told below).
        }

        return !_handshakeStarted;
    }

    /// <summary>Stops waiting and closes what the transfer did not take.</summary>
    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync().ConfigureAwait(false);
        try
        {
            var tls = await _protected.ConfigureAwait(false);
            if (tls is not null && !_protectedTaken)
            {
                await tls.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // Any failure here belongs to a connection no transfer took: nothing to report it to.
        }

        if (!_acceptedTaken && _accepted.IsCompletedSuccessfully)
        {
            await _accepted.Result.DisposeAsync().ConfigureAwait(false);
        }

        _cancel.Dispose();
    }
}
