using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Ferry.Bench;

/// <summary>
/// A do-nothing FTP server that answers from memory, to measure the driver's own ceiling: what
/// "small" and "sessions" reach when the server costs almost nothing. Loopback only, bounded life.
/// </summary>
public sealed partial class StubServer(IPEndPoint endpoint, TimeSpan lifetime, int passiveLow, int passiveHigh)
{
    /// <summary>A session that sends nothing this long is dropped, so a lost client cannot pin a task.</summary>
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(300);

    /// <summary>A client that sends PASV and never connects is refused after this.</summary>
    private static readonly TimeSpan DataAcceptTimeout = TimeSpan.FromSeconds(10);

    private readonly byte[] _zeros = new byte[64 * 1024];
    private readonly byte[] _listing = BuildListing(100);

    /// <summary>For AUTH TLS: a throwaway self-signed certificate; the driver accepts any.</summary>
    private readonly Lazy<SslServerAuthenticationOptions> _tls = new(CreateTlsOptions);

    /// <summary>
    /// Listeners opened once and lent to one PASV at a time. Binding port 0 per PASV makes the
    /// kernel search the ephemeral range past thousands of TIME_WAIT entries (1-2 ms of system
    /// time per transfer, seen here), and that would be the stub's cost, not the driver's.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentQueue<Socket> _passivePool = new();

    public static async Task<int> RunAsync(BenchArguments args)
    {
        var address = LoopbackAddress.Parse(args.String("host", "127.0.0.1"));
        var port = args.Int("port", 2199, 1, 65535);
        var seconds = args.Seconds("seconds", 600, 1, 86_400);
        // Below Linux's ephemeral range 32768-60999, so that outgoing connects never collide with it.
        var (low, high) = ParseRange(args.String("passive-ports", "31000-31999"));
        args.RejectUnknown();
        await new StubServer(new IPEndPoint(address, port), TimeSpan.FromSeconds(seconds), low, high).ServeAsync().ConfigureAwait(false);
        return 0;
    }

    public async Task ServeAsync()
    {
        using var life = new CancellationTokenSource(lifetime);
        using var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(endpoint);
        // A burst of 2,000 clients must not overflow the queue (the kernel caps it at somaxconn).
        listener.Listen(4096);
        OpenPassivePool();
        Console.Error.WriteLine($"stub: listening on {endpoint} for {lifetime.TotalSeconds:0} s, {_passivePool.Count} passive ports (pid {Environment.ProcessId})");
        var sessions = new List<Task>();
        try
        {
            while (!life.IsCancellationRequested)
            {
                var socket = await listener.AcceptAsync(life.Token).ConfigureAwait(false);
                if (!TryServeBlocking(socket))
                {
                    sessions.Add(ServeSessionAsync(socket, life.Token));
                }

                if (sessions.Count > 1024)
                {
                    sessions.RemoveAll(t => t.IsCompleted);
                }
            }
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("stub: lifetime over");
        }

        await Task.WhenAll(sessions).ConfigureAwait(false);
        while (_passivePool.TryDequeue(out var passive))
        {
            passive.Dispose();
        }
    }

    private async Task ServeSessionAsync(Socket socket, CancellationToken life)
    {
        socket.NoDelay = true;
        Socket? passive = null;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        var protect = false;
        try
        {
            var lines = new LineReader(stream);
            await stream.WriteAsync(Canned.Greeting, life).ConfigureAwait(false);
            // Bounded by the idle timeout per command and the stub's lifetime.
            while (true)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(life);
                idle.CancelAfter(IdleTimeout);
                var line = await lines.ReadLineAsync(idle.Token).ConfigureAwait(false);
                if (line is null)
                {
                    return;
                }

                var (verb, argument) = SplitCommand(line);
                switch (verb)
                {
                    case "AUTH" when argument.Equals("TLS", StringComparison.OrdinalIgnoreCase) && stream is not SslStream:
                        await stream.WriteAsync(Canned.GoAhead, life).ConfigureAwait(false);
                        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                        stream = ssl;
                        await ssl.AuthenticateAsServerAsync(_tls.Value, life).ConfigureAwait(false);
                        lines.SwitchStream(ssl);
                        break;
                    case "PROT":
                        protect = argument.Equals("P", StringComparison.OrdinalIgnoreCase);
                        await stream.WriteAsync(Canned.Ok, life).ConfigureAwait(false);
                        break;
                    case "PASV" or "EPSV":
                        Return(passive);
                        passive = TakePassive();
                        var port = ((IPEndPoint)passive.LocalEndPoint!).Port;
                        await ReplyAsync(
                            stream,
                            verb == "PASV"
                                ? $"227 Entering Passive Mode (127,0,0,1,{port / 256},{port % 256})."
                                : $"229 Entering Extended Passive Mode (|||{port}|)",
                            life).ConfigureAwait(false);
                        break;
                    case "RETR" or "LIST" or "NLST":
                        var payload = verb == "RETR" ? _zeros.AsMemory(0, FileSize(argument)) : _listing.AsMemory();
                        await SendDataAsync(stream, passive, payload, protect ? _tls.Value : null, life).ConfigureAwait(false);
                        Return(passive);
                        passive = null;
                        break;
                    case "QUIT":
                        await stream.WriteAsync(Canned.Bye, life).ConfigureAwait(false);
                        return;
                    default:
                        await stream.WriteAsync(CannedReply(verb), life).ConfigureAwait(false);
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or FtpProtocolException)
        {
            // The client went away or the stub's life ended: nothing to report for a stub.
        }
        finally
        {
            Return(passive);
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The verb upper-cased and the argument after the first space.</summary>
    private static (string Verb, string Argument) SplitCommand(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return ((space < 0 ? line : line[..space]).ToUpperInvariant(), space < 0 ? "" : line[(space + 1)..]);
    }

    /// <summary>The fixed answers (the verbs whose reply depends on nothing), pre-encoded once.</summary>
    private static ReadOnlyMemory<byte> CannedReply(string verb) => verb switch
    {
        "USER" => Canned.User,
        "PASS" => Canned.Pass,
        "PBSZ" => Canned.Pbsz,
        "PWD" => Canned.Pwd,
        "TYPE" or "CWD" or "NOOP" or "MODE" or "STRU" or "OPTS" => Canned.Ok,
        "SYST" => Canned.Syst,
        _ => Canned.NotHere,
    };

    private static SslServerAuthenticationOptions CreateTlsOptions()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        return new SslServerAuthenticationOptions { ServerCertificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1)) };
    }

    private static int FileSize(string name) => name.Contains("f64k", StringComparison.Ordinal) ? 65536 : 4096;

    private void OpenPassivePool()
    {
        for (var port = passiveLow; port <= passiveHigh; port++)
        {
            var passive = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                passive.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                passive.Bind(new IPEndPoint(endpoint.Address, port));
                passive.Listen(8);
                _passivePool.Enqueue(passive);
            }
            catch (SocketException)
            {
                // Taken by someone else: the pool is a little smaller, and falls back to port 0 when empty.
                passive.Dispose();
            }
        }
    }

    private Socket TakePassive()
    {
        if (_passivePool.TryDequeue(out var pooled))
        {
            return pooled;
        }

        var passive = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        passive.Bind(new IPEndPoint(endpoint.Address, 0));
        passive.Listen(1);
        return passive;
    }

    private void Return(Socket? passive)
    {
        if (passive is null)
        {
            return;
        }

        var port = ((IPEndPoint)passive.LocalEndPoint!).Port;
        if (port >= passiveLow && port <= passiveHigh)
        {
            _passivePool.Enqueue(passive);
        }
        else
        {
            passive.Dispose();
        }
    }

    private static (int Low, int High) ParseRange(string text)
    {
        var parts = text.Split('-', 2);
        if (parts.Length == 2 && int.TryParse(parts[0], out var low) && int.TryParse(parts[1], out var high)
            && low is >= 1024 and <= 65535 && high >= low && high <= 65535)
        {
            return (low, high);
        }

        throw new UsageException($"--passive-ports '{text}' is not a range like 31000-31999");
    }

    private static async Task SendDataAsync(
        Stream control, Socket? passive, ReadOnlyMemory<byte> payload, SslServerAuthenticationOptions? tls, CancellationToken life)
    {
        if (passive is null)
        {
            await control.WriteAsync(Canned.NoPassive, life).ConfigureAwait(false);
            return;
        }

        using var accept = CancellationTokenSource.CreateLinkedTokenSource(life);
        accept.CancelAfter(DataAcceptTimeout);
        Socket data;
        try
        {
            data = await passive.AcceptAsync(accept.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!life.IsCancellationRequested)
        {
            await control.WriteAsync(Canned.NoData, life).ConfigureAwait(false);
            return;
        }

        using (data)
        {
            await control.WriteAsync(Canned.Opening, life).ConfigureAwait(false);
            if (tls is null)
            {
                while (!payload.IsEmpty)
                {
                    payload = payload[await data.SendAsync(payload, SocketFlags.None, life).ConfigureAwait(false)..];
                }
            }
            else
            {
                await using var ssl = new SslStream(new NetworkStream(data, ownsSocket: false), leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsServerAsync(tls, life).ConfigureAwait(false);
                await ssl.WriteAsync(payload, life).ConfigureAwait(false);
                await ssl.ShutdownAsync().ConfigureAwait(false);
            }

            data.Shutdown(SocketShutdown.Send);
        }

        await control.WriteAsync(Canned.Done, life).ConfigureAwait(false);
    }

    private static async Task ReplyAsync(Stream control, string reply, CancellationToken cancel)
    {
        var bytes = Encoding.ASCII.GetBytes(reply + "\r\n");
        await control.WriteAsync(bytes, cancel).ConfigureAwait(false);
    }

    private static byte[] BuildListing(int lines)
    {
        var text = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            text.Append("-rw-r--r--   1 ftp      ftp          4096 Jan  1 00:00 f").Append(i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)).Append("\r\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>The fixed replies, encoded once; the blocking and the async sessions both write these.</summary>
    private static class Canned
    {
        public static readonly byte[] Greeting = "220 Ferry.Bench stub ready\r\n"u8.ToArray();
        public static readonly byte[] GoAhead = "234 Go ahead.\r\n"u8.ToArray();
        public static readonly byte[] Bye = "221 Bye.\r\n"u8.ToArray();
        public static readonly byte[] Opening = "150 Here it comes.\r\n"u8.ToArray();
        public static readonly byte[] Done = "226 Done.\r\n"u8.ToArray();
        public static readonly byte[] NoPassive = "425 Use PASV first.\r\n"u8.ToArray();
        public static readonly byte[] NoData = "425 No data connection.\r\n"u8.ToArray();
        public static readonly byte[] User = "331 Password please.\r\n"u8.ToArray();
        public static readonly byte[] Pass = "230 Logged on.\r\n"u8.ToArray();
        public static readonly byte[] Pbsz = "200 PBSZ=0\r\n"u8.ToArray();
        public static readonly byte[] Pwd = "257 \"/\" is the current folder.\r\n"u8.ToArray();
        public static readonly byte[] Ok = "200 OK.\r\n"u8.ToArray();
        public static readonly byte[] Syst = "215 UNIX Type: L8\r\n"u8.ToArray();
        public static readonly byte[] NotHere = "502 Not in the stub.\r\n"u8.ToArray();
    }
}
