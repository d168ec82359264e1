using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ferry.Bench;

/// <summary>
/// The cheapest honest client for many small plain transfers: blocking calls on the caller's thread
/// (no tasks, no thread-pool hops), replies parsed from one reused byte buffer, commands written into
/// one reused byte buffer. Per file it does what a real client does: PASV (or EPSV), data connect,
/// RETR, 1xx, read to EOF, close the data socket, then the final 2xx.
/// Every blocking call is bounded by the socket timeouts set from the caller's deadline.
/// </summary>
public sealed class BlockingFtpClient : IDisposable
{
    /// <summary>Commands are short; a path that does not fit is a caller error.</summary>
    private const int MaxCommandBytes = 1024;

    private static readonly byte[] PasvCommand = "PASV\r\n"u8.ToArray();
    private static readonly byte[] EpsvCommand = "EPSV\r\n"u8.ToArray();

    private readonly FtpTarget _target;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly BlockingReplyReader _replies;
    private readonly byte[] _command = new byte[MaxCommandBytes];

    private BlockingFtpClient(FtpTarget target, Socket socket)
    {
        _target = target;
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _replies = new BlockingReplyReader(_stream);
    }

    public string Stage { get; private set; } = "connect";

    /// <summary>Connects and waits for the 220 greeting; <paramref name="timeout"/> bounds every later wait on the control connection.</summary>
    public static BlockingFtpClient Connect(FtpTarget target, TimeSpan timeout)
    {
        var socket = new Socket(target.Endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
        {
            NoDelay = true,
            ReceiveTimeout = Milliseconds(timeout),
            SendTimeout = Milliseconds(timeout),
        };
        BlockingFtpClient? client = null;
        try
        {
            socket.Connect(target.Endpoint);
            client = new BlockingFtpClient(target, socket) { Stage = "greeting" };
            var code = client._replies.ReadReply();
            if (code != 220)
            {
                throw new FtpProtocolException($"greeting: {client._replies.TextString}", false);
            }

            return client;
        }
        catch
        {
            client?.Dispose();
            socket.Dispose();
            throw;
        }
    }

    /// <summary>USER and PASS (plain only: TLS stays on the async <see cref="FtpClient"/>).</summary>
    public void Login()
    {
        var user = Command("USER " + _target.User);
        if (user / 100 == 2)
        {
            return;
        }

        if (user / 100 != 3)
        {
            throw new FtpProtocolException($"USER -> {_replies.TextString}", true);
        }

        Stage = "PASS";
        if (Command("PASS " + _target.Password) / 100 != 2)
        {
            // The reply text, never the command: the password stays out of reports.
            throw new FtpProtocolException($"PASS -> {_replies.TextString}", true);
        }
    }

    /// <summary>A command (not on the per-file path: it encodes a string) whose reply must be of class <paramref name="expectedClass"/>.</summary>
    public void Expect(string command, int expectedClass)
    {
        if (Command(command) / 100 != expectedClass)
        {
            throw new FtpProtocolException($"{Stage} -> {_replies.TextString}", true);
        }
    }

    /// <summary>
    /// RETR of <paramref name="path"/> (ASCII bytes, no line end) over a fresh passive connection
    /// into <paramref name="buffer"/> (discarded); returns the bytes received. The data socket waits at
    /// most until <paramref name="deadline"/> (a <see cref="Stopwatch"/> timestamp).
    /// </summary>
    public long Retrieve(ReadOnlySpan<byte> path, byte[] buffer, long deadline)
    {
        var port = PassivePort();
        Stage = "data connect";
        long bytes = 0;
        using (var data = new Socket(_target.Endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp))
        {
            // No NoDelay on the data socket: the client never sends on it, so Nagle has nothing to delay.
            data.ReceiveTimeout = Milliseconds(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline));
            data.Connect(new IPEndPoint(_target.Endpoint.Address, port));

            Stage = "RETR";
            var preliminary = Send("RETR "u8, path);
            if (preliminary / 100 is not 1 and not 2)
            {
                throw new FtpProtocolException($"RETR -> {_replies.TextString}", true);
            }

            Stage = "data read";
            // Bounded: every pass receives at least one byte before the timeout, or ends the loop.
            int read;
            while ((read = data.Receive(buffer)) > 0)
            {
                bytes += read;
            }

            if (preliminary / 100 == 2)
            {
                return bytes;
            }

            // Leaving the using block closes the data connection before waiting for 226, as real
            // clients do: vsftpd holds its 226 until the client's FIN arrives, and waiting for the
            // reply first costs a delayed ACK (about 40 ms) per file.
        }

        Stage = "transfer reply";
        if (_replies.ReadReply() / 100 != 2)
        {
            throw new FtpProtocolException($"RETR final -> {_replies.TextString}", true);
        }

        return bytes;
    }

    /// <summary>QUIT; a server that already closed is fine.</summary>
    public void Quit()
    {
        try
        {
            _socket.ReceiveTimeout = 2000;
            Command("QUIT");
        }
        catch (Exception e) when (e is IOException or SocketException or FtpProtocolException or ObjectDisposedException)
        {
            // Closing anyway; the figures were taken before QUIT.
        }
    }

    public void Dispose() => _stream.Dispose();

    private int Command(string command)
    {
        var space = command.IndexOf(' ', StringComparison.Ordinal);
        Stage = space < 0 ? command : command[..space];
        if (command.Length + 2 > MaxCommandBytes)
        {
            throw new ArgumentException($"command longer than {MaxCommandBytes} bytes", nameof(command));
        }

        var length = Encoding.Latin1.GetBytes(command, _command);
        return Send(_command.AsSpan(0, length), []);
    }

    /// <summary>Writes verb + argument + CRLF in one send and reads the reply.</summary>
    private int Send(ReadOnlySpan<byte> verb, ReadOnlySpan<byte> argument)
    {
        var length = verb.Length + argument.Length + 2;
        if (length > MaxCommandBytes)
        {
            throw new ArgumentException($"command longer than {MaxCommandBytes} bytes", nameof(argument));
        }

        // verb may already live in _command (Command above): copy it first, it is at the front.
        verb.CopyTo(_command);
        argument.CopyTo(_command.AsSpan(verb.Length));
        _command[length - 2] = (byte)'\r';
        _command[length - 1] = (byte)'\n';
        _socket.Send(_command.AsSpan(0, length));
        return _replies.ReadReply();
    }

    private int PassivePort()
    {
        Stage = _target.Epsv ? "EPSV" : "PASV";
        _socket.Send(_target.Epsv ? EpsvCommand : PasvCommand);
        var code = _replies.ReadReply();
        if (code / 100 != 2)
        {
            throw new FtpProtocolException($"{Stage} -> {_replies.TextString}", true);
        }

        var parsed = _target.Epsv ? PassiveReply.TryParseEpsv(_replies.Text, out var port) : PassiveReply.TryParsePasv(_replies.Text, out port);
        return parsed ? port : throw new FtpProtocolException($"unparsable {Stage} reply '{_replies.TextString}'", true);
    }

    /// <summary>A socket timeout from what is left of a deadline: at least 1 ms (0 would mean "wait forever").</summary>
    private static int Milliseconds(TimeSpan left) => (int)Math.Clamp(left.TotalMilliseconds, 1, int.MaxValue);
}
