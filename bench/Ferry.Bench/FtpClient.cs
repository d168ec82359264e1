using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Ferry.Bench;

/// <summary>
/// A minimal async FTP client for load generation: one control socket, one reusable command buffer,
/// a fresh passive data socket per transfer. Every call takes the caller's token, so a caller's
/// timeout bounds every wait. <see cref="Stage"/> names the step in progress for failure reports.
/// </summary>
public sealed class FtpClient : IDisposable
{
    /// <summary>Commands are short; a path that does not fit is a caller error.</summary>
    private const int MaxCommandBytes = 1024;

    private readonly FtpTarget _target;
    private readonly Socket _socket;
    private readonly LineReader _lines;
    private readonly FtpReplyReader _replies;
    private readonly byte[] _command = new byte[MaxCommandBytes];
    private Stream _stream;
    private SslClientAuthenticationOptions? _tls;

    private FtpClient(FtpTarget target, Socket socket)
    {
        _target = target;
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _lines = new LineReader(_stream);
        _replies = new FtpReplyReader(_lines);
    }

    public string Stage { get; private set; } = "connect";

    /// <summary>Connects and waits for the 220 greeting, all within <paramref name="greetingTimeout"/>
    /// (a server with a full listen backlog accepts the SYN late or never).</summary>
    public static async Task<FtpClient> ConnectAsync(FtpTarget target, TimeSpan greetingTimeout, CancellationToken cancel)
    {
        var socket = new Socket(target.Endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        FtpClient? client = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(greetingTimeout);
        try
        {
            await socket.ConnectAsync(target.Endpoint, timeout.Token).ConfigureAwait(false);
            client = new FtpClient(target, socket) { Stage = "greeting" };
            var greeting = await client._replies.ReadReplyAsync(timeout.Token).ConfigureAwait(false);
            if (greeting.Code != 220)
            {
                throw new FtpProtocolException($"greeting: {greeting.Text}", false);
            }

            return client;
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            var stage = client?.Stage ?? "connect";
            Abandon(client, socket);
            throw new TimeoutException($"no greeting within {greetingTimeout.TotalSeconds:0.#} s (stuck at {stage})");
        }
        catch
        {
            Abandon(client, socket);
            throw;
        }
    }

    /// <summary>AUTH TLS when the target asks for it, then USER and PASS.</summary>
    public async Task LoginAsync(CancellationToken cancel)
    {
        if (_target.Tls)
        {
            await StartTlsAsync(cancel).ConfigureAwait(false);
        }

        var user = await CommandAsync("USER " + _target.User, cancel).ConfigureAwait(false);
        if (user.Class == 2)
        {
            return;
        }

        if (user.Class != 3)
        {
            throw new FtpProtocolException($"USER -> {user.Text}", true);
        }

        Stage = "PASS";
        var pass = await CommandAsync("PASS " + _target.Password, cancel).ConfigureAwait(false);
        if (pass.Class != 2)
        {
            // The reply text, never the command: the password stays out of reports.
            throw new FtpProtocolException($"PASS -> {pass.Text}", true);
        }
    }

    public async Task StartTlsAsync(CancellationToken cancel)
    {
        await ExpectAsync("AUTH TLS", 2, cancel).ConfigureAwait(false);
        Stage = "TLS handshake";
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
        _tls = new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            // A benchmark against self-signed loopback servers: no certificate identifies anything here.
            RemoteCertificateValidationCallback = static (_, _, _, _) => true,
        };
        await ssl.AuthenticateAsClientAsync(_tls, cancel).ConfigureAwait(false);
        _lines.SwitchStream(ssl);
        _stream = ssl;
        await ExpectAsync("PBSZ 0", 2, cancel).ConfigureAwait(false);
        await ExpectAsync("PROT P", 2, cancel).ConfigureAwait(false);
    }

    /// <summary>Sends a command and returns whatever the server answers.</summary>
    public async ValueTask<FtpReply> CommandAsync(string command, CancellationToken cancel)
    {
        var space = command.IndexOf(' ', StringComparison.Ordinal);
        Stage = space < 0 ? command : command[..space];
        if (command.Length + 2 > MaxCommandBytes)
        {
            throw new ArgumentException($"command longer than {MaxCommandBytes} bytes", nameof(command));
        }

        var length = Encoding.Latin1.GetBytes(command, _command);
        _command[length++] = (byte)'\r';
        _command[length++] = (byte)'\n';
        await _stream.WriteAsync(_command.AsMemory(0, length), cancel).ConfigureAwait(false);
        return await _replies.ReadReplyAsync(cancel).ConfigureAwait(false);
    }

    /// <summary>A command whose reply must be of class <paramref name="expectedClass"/> (2 = 2xx).</summary>
    public async ValueTask<FtpReply> ExpectAsync(string command, int expectedClass, CancellationToken cancel)
    {
        var reply = await CommandAsync(command, cancel).ConfigureAwait(false);
        if (reply.Class != expectedClass)
        {
            throw new FtpProtocolException($"{Stage} -> {reply.Text}", true);
        }

        return reply;
    }

    /// <summary>
    /// PASV (or EPSV), data connect, the command, 1xx, read to EOF into <paramref name="buffer"/>
    /// (discarded), then the final 2xx. Lines are counted only when asked (listings).
    /// </summary>
    public async Task<TransferResult> TransferAsync(string command, byte[] buffer, bool countLines, CancellationToken cancel)
    {
        var port = await PassivePortAsync(cancel).ConfigureAwait(false);
        using var data = new Socket(_target.Endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        Stage = "data connect";
        await data.ConnectAsync(new IPEndPoint(_target.Endpoint.Address, port), cancel).ConfigureAwait(false);

        var preliminary = await CommandAsync(command, cancel).ConfigureAwait(false);
        if (preliminary.Class is not 1 and not 2)
        {
            throw new FtpProtocolException($"{Stage} -> {preliminary.Text}", true);
        }

        Stage = "data read";
        var result = _tls is null
            ? await ReadSocketAsync(data, buffer, countLines, cancel).ConfigureAwait(false)
            : await ReadTlsAsync(data, buffer, countLines, cancel).ConfigureAwait(false);

        // Close the data connection before waiting for 226, as real clients do: vsftpd holds its
        // 226 until the client's FIN arrives, and waiting for the reply first costs a delayed ACK
        // (about 40 ms) per file.
        data.Dispose();

        if (preliminary.Class == 1)
        {
            Stage = "transfer reply";
            var final = await _replies.ReadReplyAsync(cancel).ConfigureAwait(false);
            if (final.Class != 2)
            {
                throw new FtpProtocolException($"{command.Split(' ')[0]} final -> {final.Text}", true);
            }
        }

        return result;
    }

    /// <summary>QUIT with a short wait for 221; a server that already closed is fine.</summary>
    public async Task QuitAsync(TimeSpan wait, CancellationToken cancel)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(wait);
        try
        {
            await CommandAsync("QUIT", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or FtpProtocolException or ObjectDisposedException)
        {
            // Closing anyway; the session's figures were taken before QUIT.
        }
    }

    public void Dispose() => Dispose(this, _socket);

    /// <summary>Closes a session given up on (a timeout, a refusal) with a reset instead of a FIN.</summary>
    public void Abandon() => Abandon(this, _socket);

    /// <summary>
    /// A peer whose accept queue overflowed never accepted the connection, so a FIN to it goes
    /// unanswered and the socket retransmits it in FIN-WAIT-1 for minutes: after a 2,000-client burst
    /// against vsftpd or pure-ftpd over a thousand such sockets made the next burst's p99 17-39% longer,
    /// whichever server it was for (fourteenth session). A reset ends it at once, as a client that
    /// gives up would.
    /// </summary>
    private static void Abandon(FtpClient? client, Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed: nothing is left to reset.
        }

        Dispose(client, socket);
    }

    private static void Dispose(FtpClient? client, Socket socket)
    {
        client?._stream.Dispose();
        socket.Dispose();
    }

    private async ValueTask<int> PassivePortAsync(CancellationToken cancel)
    {
        if (_target.Epsv)
        {
            var reply = await ExpectAsync("EPSV", 2, cancel).ConfigureAwait(false);
            return PassiveReply.TryParseEpsv(reply.Text, out var port)
                ? port
                : throw new FtpProtocolException($"unparsable EPSV reply '{reply.Text}'", true);
        }
        else
        {
            var reply = await ExpectAsync("PASV", 2, cancel).ConfigureAwait(false);
            return PassiveReply.TryParsePasv(reply.Text, out var port)
                ? port
                : throw new FtpProtocolException($"unparsable PASV reply '{reply.Text}'", true);
        }
    }

    private static async ValueTask<TransferResult> ReadSocketAsync(Socket data, byte[] buffer, bool countLines, CancellationToken cancel)
    {
        long bytes = 0;
        long lines = 0;
        while (true)
        {
            var read = await data.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, cancel).ConfigureAwait(false);
            if (read == 0)
            {
                return new TransferResult(bytes, lines);
            }

            bytes += read;
            if (countLines)
            {
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
            }
        }
    }

    private async ValueTask<TransferResult> ReadTlsAsync(Socket data, byte[] buffer, bool countLines, CancellationToken cancel)
    {
        await using var ssl = new SslStream(new NetworkStream(data, ownsSocket: false), leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsClientAsync(_tls!, cancel).ConfigureAwait(false);
        long bytes = 0;
        long lines = 0;
        while (true)
        {
            var read = await ssl.ReadAsync(buffer.AsMemory(), cancel).ConfigureAwait(false);
            if (read == 0)
            {
                return new TransferResult(bytes, lines);
            }

            bytes += read;
            if (countLines)
            {
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
            }
        }
    }
}
