using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace Ferry.Bench;

/// <summary>
/// The stub's cheap path: a few sessions (the `small` metric uses one) each get a thread of their
/// own with blocking calls, so that a stub pinned to one CPU costs a syscall per step and no
/// thread-pool wake-ups. Crowds (the `sessions` metric) stay on the async path.
/// </summary>
public sealed partial class StubServer
{
    /// <summary>Enough for any single-connection metric; more sessions than this at once go async
    /// instead of costing a thread (and its stack) each.</summary>
    private const int MaxBlockingSessions = 16;

    /// <summary>Commands are short; the thread does nothing else, so a small stack suffices.</summary>
    private const int BlockingStackBytes = 256 * 1024;

    private int _blockingSessions;

    /// <summary>Serves <paramref name="socket"/> on a thread of its own, or returns false when enough threads are busy.</summary>
    private bool TryServeBlocking(Socket socket)
    {
        if (Interlocked.Increment(ref _blockingSessions) > MaxBlockingSessions)
        {
            Interlocked.Decrement(ref _blockingSessions);
            return false;
        }

        // Background: the stub's lifetime ends the process, and with it any session still open.
        new Thread(() => ServeSessionBlocking(socket), BlockingStackBytes) { IsBackground = true, Name = "stub session" }.Start();
        return true;
    }

    private void ServeSessionBlocking(Socket socket)
    {
        socket.NoDelay = true;
        socket.ReceiveTimeout = (int)IdleTimeout.TotalMilliseconds;
        socket.SendTimeout = (int)IdleTimeout.TotalMilliseconds;
        Socket? passive = null;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        var protect = false;
        var passiveReply = new byte[128];
        try
        {
            var lines = new LineReader(stream);
            stream.Write(Canned.Greeting);
            // Bounded by the idle timeout per command and the stub's lifetime (it ends the process).
            while (true)
            {
                var line = lines.ReadLine();
                if (line is null)
                {
                    return;
                }

                var (verb, argument) = SplitCommand(line);
                switch (verb)
                {
                    case "AUTH" when argument.Equals("TLS", StringComparison.OrdinalIgnoreCase) && stream is not SslStream:
                        stream.Write(Canned.GoAhead);
                        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                        stream = ssl;
                        ssl.AuthenticateAsServer(_tls.Value);
                        lines.SwitchStream(ssl);
                        break;
                    case "PROT":
                        protect = argument.Equals("P", StringComparison.OrdinalIgnoreCase);
                        stream.Write(Canned.Ok);
                        break;
                    case "PASV" or "EPSV":
                        Return(passive);
                        passive = TakePassive();
                        stream.Write(passiveReply, 0, FormatPassiveReply(passiveReply, verb == "PASV", ((IPEndPoint)passive.LocalEndPoint!).Port));
                        break;
                    case "RETR" or "LIST" or "NLST":
                        var payload = verb == "RETR" ? _zeros.AsSpan(0, FileSize(argument)) : _listing.AsSpan();
                        SendDataBlocking(stream, passive, payload, protect ? _tls.Value : null);
                        Return(passive);
                        passive = null;
                        break;
                    case "QUIT":
                        stream.Write(Canned.Bye);
                        return;
                    default:
                        stream.Write(CannedReply(verb).Span);
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or FtpProtocolException or AuthenticationException or ObjectDisposedException)
        {
            // The client went away, or the stub is shutting down: nothing to report for a stub.
        }
        finally
        {
            Return(passive);
            stream.Dispose();
            Interlocked.Decrement(ref _blockingSessions);
        }
    }

    /// <summary>"227 ... (127,0,0,1,p1,p2)." or "229 ... (|||port|)" written into <paramref name="reply"/>; returns its length.</summary>
    private static int FormatPassiveReply(byte[] reply, bool pasv, int port)
    {
        var text = pasv
            ? $"227 Entering Passive Mode (127,0,0,1,{port / 256},{port % 256}).\r\n"
            : $"229 Entering Extended Passive Mode (|||{port}|)\r\n";
        return Encoding.ASCII.GetBytes(text, reply);
    }

    /// <summary>
    /// Accepts the data connection the client opened after PASV (it connects before sending RETR,
    /// so the wait is normally none), sends the payload in one call and closes: a close with no
    /// unread input is a plain FIN.
    /// </summary>
    private static void SendDataBlocking(Stream control, Socket? passive, ReadOnlySpan<byte> payload, SslServerAuthenticationOptions? tls)
    {
        if (passive is null)
        {
            control.Write(Canned.NoPassive);
            return;
        }

        // Poll, not a socket timeout: a pooled listener may have been switched to non-blocking by an async session.
        if (!passive.Poll(DataAcceptTimeout, SelectMode.SelectRead))
        {
            control.Write(Canned.NoData);
            return;
        }

        using (var data = passive.Accept())
        {
            control.Write(Canned.Opening);
            if (tls is null)
            {
                // Bounded: a blocking send returns at least one byte or throws (SendTimeout).
                data.SendTimeout = (int)DataAcceptTimeout.TotalMilliseconds;
                while (!payload.IsEmpty)
                {
                    payload = payload[data.Send(payload)..];
                }
            }
            else
            {
                using var ssl = new SslStream(new NetworkStream(data, ownsSocket: false), leaveInnerStreamOpen: false);
                ssl.AuthenticateAsServer(tls);
                ssl.Write(payload);
                ssl.ShutdownAsync().GetAwaiter().GetResult();
            }
        }

        control.Write(Canned.Done);
    }
}
