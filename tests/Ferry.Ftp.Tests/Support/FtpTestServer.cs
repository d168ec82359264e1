using System.Collections.Immutable;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Ferry.Core.Access;
using Ferry.Core.Access.Locks;
using Ferry.Core.Audit;
using Ferry.Core.Diagnostics;
using Ferry.Core.Identity;
using Ferry.Core.Limits;
using Ferry.Core.Storage;
using Ferry.Ftp.Data;
using Ferry.Ftp.Session;
using Ferry.Ftp.Sites;
using Ferry.Ftp.Tls;
using Ferry.Storage.Local;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Ftp.Tests.Support;

/// <summary>
/// One FTP session over in-memory pipes with a real LocalStorage in a temporary folder (or the
/// storage a test passes in), and a client end that sends lines and reads whole (multi-line) replies.
/// </summary>
internal sealed class FtpTestServer : IAsyncDisposable
{
    public const string User = "alice";
    public const string Password = "secret-pw";

    private readonly Pipe _toServer = new();
    private readonly Pipe _toClient = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly StringBuilder _pending = new();
    private readonly IStorage _storage;

    private SslStream? _tls;

    public FtpTestServer(
        FtpOptions? options = null, TimeProvider? time = null, IPAddress? client = null, Permissions permissions = Permissions.All,
        bool implicitTls = false, string? anonymousHome = null, SessionLimits? limits = null, BanOptions? bans = null, ILoggerFactory? loggers = null,
        IStorage? storage = null, ImmutableArray<FolderPermission>? folders = null, IAuditLog? audit = null, FerryMetrics? metrics = null,
        AccountLimits? accountLimits = null,
        Func<SessionRegistry, FailureTracker, FtpSites>? sites = null, string? serverName = null, AccountPolicy? policy = null,
        Action? acknowledgePromptly = null)
    {
        Root = Directory.CreateTempSubdirectory("ferry-ftp-test-").FullName;
        var hasher = new Pbkdf2PasswordHasher(new PasswordHashOptions { Iterations = 1_000 });
        var store = new InMemoryAccountStore([new Account(User, hasher.Hash(Password), Root, permissions, folders ?? ImmutableArray<FolderPermission>.Empty)
        {
            Limits = accountLimits ?? AccountLimits.None,
            Policy = policy ?? AccountPolicy.Default,
        }]);
        Time = time ?? TimeProvider.System;
        options ??= new FtpOptions { DataConnectTimeout = TimeSpan.FromSeconds(5) };
        Data = new InMemoryDataChannels(DataConnectionPolicy.From(options));
        var failures = new FailureTracker(bans ?? new BanOptions(), Time);
        var login = new LoginPolicy(store, hasher, new LoginPolicyOptions { FailureDelay = TimeSpan.Zero, AnonymousHome = anonymousHome, AnonymousNames = ["anonymous", "ftp"] }, failures, Time);
        _storage = storage ?? new LocalStorage(Root, LocalStorageOptions.Default);

        // The singletons a host makes once and shares with every protocol.
        var sessions = new SessionRegistry(limits ?? SessionLimits.None, Time, metrics);
        Context = new FtpServerContext(
            options,
            new AccessService(login, sessions, _ => _storage) { Limiters = AccountLimiters.Create(BandwidthLimits.None, Time) },
            new InMemoryLockManager(new LockOptions(), Time),
            Data,
            new FtpSessions(),
            loggers ?? NullLoggerFactory.Instance,
            Time)
        { StorageCapabilities = _storage.Capabilities, Audit = audit ?? NullAuditLog.Instance, Sites = sites?.Invoke(sessions, failures) ?? FtpSites.None };
        var remote = new IPEndPoint(client ?? IPAddress.Parse("::ffff:127.0.0.1"), 50000);
        var local = new IPEndPoint(IPAddress.Parse("::ffff:127.0.0.1"), 2121);

        // What the host's connection middleware does: take a registry slot, give it back when the session ends.
        if (!sessions.TryOpen(FtpSession.ProtocolName, remote.Address, out var registration, out var refusal))
        {
            throw new InvalidOperationException($"The test session was refused: {refusal}");
        }

        Session = new FtpSession(new DuplexPipe(_toServer.Reader, _toClient.Writer), new FtpConnectionInfo("t1", remote, local) { ImplicitTls = implicitTls, ServerName = serverName, AcknowledgePromptly = acknowledgePromptly }, registration, Context);
        Running = RunAsync(registration);
    }

    public string Root { get; }

    /// <summary>The access service the session signs on through; what a second protocol would share.</summary>
    public AccessService Access => Context.Access;

    public TimeProvider Time { get; }

    public InMemoryDataChannels Data { get; }

    public FtpServerContext Context { get; }

    public FtpSession Session { get; }

    public Task Running { get; }

    /// <summary>What the client asked for: Tls once it has sent AUTH TLS, PBSZ 0 and PROT P through a logon helper.</summary>
    public Transport Transport { get; private set; }

    public static async Task<FtpTestServer> LoggedInAsync(FtpOptions? options = null, IStorage? storage = null)
    {
        var server = new FtpTestServer(options, storage: storage);
        await server.LogOnAsync();
        return server;
    }

    /// <summary>USER and PASS after the greeting, for a session made with the constructor.</summary>
    public async Task LogOnAsync()
    {
        await ExpectAsync(220);
        await SendAsync($"USER {User}");
        await ExpectAsync(331);
        await SendAsync($"PASS {Password}");
        await ExpectAsync(230);
    }

    /// <summary>A logged-on session over <paramref name="transport"/>; Tls adds the test certificate to the options unless they have one.</summary>
    public static Task<FtpTestServer> LoggedInAsync(Transport transport, FtpOptions? options = null)
    {
        if (transport == Transport.Clear)
        {
            return LoggedInAsync(options);
        }

        options ??= new FtpOptions { DataConnectTimeout = TimeSpan.FromSeconds(5) };
        return LoggedInOverTlsAsync(options.Tls.Enabled ? options : options with { Tls = TestCertificate.Options() });
    }

    public async Task SendAsync(string line) => await SendRawAsync(Encoding.UTF8.GetBytes(line + "\r\n"));

    public async Task SendRawAsync(byte[] bytes)
    {
        if (_tls is not null)
        {
            await _tls.WriteAsync(bytes);
            await _tls.FlushAsync();
            return;
        }

        await _toServer.Writer.WriteAsync(bytes);
    }

    /// <summary>The client side of AUTH TLS: a real SslStream handshake over the control pipe, trusting the test certificate.</summary>
    public async Task StartTlsAsync()
    {
        Assert.True(_pending.Length == 0, "bytes arrived after 234 before the handshake");
        _tls = await TestCertificate.ConnectAsync(new PipeTransportStream(_toClient.Reader, _toServer.Writer));
    }

    /// <summary>The client side of AUTH TLS with <paramref name="serverName"/> as SNI, trusting whatever certificate comes; returns it.</summary>
    public async Task<X509Certificate?> StartTlsAsync(string serverName)
    {
        Assert.True(_pending.Length == 0, "bytes arrived after 234 before the handshake");
        var ssl = new SslStream(new PipeTransportStream(_toClient.Reader, _toServer.Writer), leaveInnerStreamOpen: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15)); // A stuck handshake fails the test instead of hanging it.
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = serverName, RemoteCertificateValidationCallback = (_, _, _, _) => true }, timeout.Token);
        _tls = ssl;
        return ssl.RemoteCertificate;
    }

    /// <summary>Connects, AUTH TLS, PBSZ 0, PROT P, USER, PASS: a protected session ready for transfers.</summary>
    public static async Task<FtpTestServer> LoggedInOverTlsAsync(FtpOptions options, AccountPolicy? policy = null)
    {
        var server = new FtpTestServer(options, policy: policy);
        await server.ExpectAsync(220);
        await server.CommandAsync("AUTH TLS", 234);
        await server.StartTlsAsync();
        await server.CommandAsync("PBSZ 0", 200);
        await server.CommandAsync("PROT P", 200);
        await server.CommandAsync($"USER {User}", 331);
        await server.CommandAsync($"PASS {Password}", 230);
        server.Transport = Transport.Tls;
        return server;
    }

    /// <summary>Reads one whole reply (all lines of a multi-line one) within a bounded time.</summary>
    public async Task<Reply> ReadReplyAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15)); // A missing reply fails the test instead of hanging it.
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException($"Connection closed after: {string.Join(" | ", lines)}");
            lines.Add(line);
            if (lines.Count == 1 && line.Length >= 4 && line[3] == ' ')
            {
                return new Reply(int.Parse(line[..3]), lines);
            }

            if (lines.Count > 1 && line.Length >= 4 && line[..3] == lines[0][..3] && line[3] == ' ')
            {
                return new Reply(int.Parse(line[..3]), lines);
            }
        }
    }

    public async Task<Reply> ExpectAsync(int code)
    {
        var reply = await ReadReplyAsync();
        Assert.True(reply.Code == code, $"Expected {code}, got: {reply}");
        return reply;
    }

    public async Task<Reply> CommandAsync(string line, int expected)
    {
        await SendAsync(line);
        return await ExpectAsync(expected);
    }

    /// <summary>True when the server closed the control connection.</summary>
    public async Task<bool> ClosedAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await ReadLineAsync(timeout.Token) is null;
    }

    private async Task<string?> ReadLineAsync(CancellationToken ct)
    {
        while (true)
        {
            var text = _pending.ToString();
            var end = text.IndexOf("\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                _pending.Remove(0, end + 2);
                return text[..end];
            }

            if (_tls is not null)
            {
                var chunk = new byte[4096];
                int read;
                try
                {
                    read = await _tls.ReadAsync(chunk, ct);
                }
                catch (IOException)
                {
                    return null; // The server closed without close_notify.
                }

                if (read == 0)
                {
                    return null;
                }

                _pending.Append(Encoding.UTF8.GetString(chunk, 0, read));
                continue;
            }

            var result = await _toClient.Reader.ReadAsync(ct);
            foreach (var segment in result.Buffer)
            {
                _pending.Append(Encoding.UTF8.GetString(segment.Span));
            }

            _toClient.Reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted && result.Buffer.IsEmpty)
            {
                return null;
            }
        }
    }

    /// <summary>Takes the client end of the next data connection.</summary>
    public PipeTransportStream TakeDataConnection()
    {
        Assert.True(Data.ClientEnds.TryTake(out var end, TimeSpan.FromSeconds(15)), "No data connection was opened.");
        return end!;
    }

    /// <summary>
    /// Takes the client end of the next data connection and, when <see cref="Transport"/> is Tls, does the
    /// client side of its TLS handshake (which the server starts after its 150, so the 150 may be read before or after).
    /// </summary>
    public async Task<ClientDataConnection> DataConnectionAsync(SslProtocols protocols = SslProtocols.Tls12 | SslProtocols.Tls13)
    {
        var pipe = TakeDataConnection();
        return new ClientDataConnection(pipe, Transport == Transport.Tls ? await TestCertificate.ConnectAsync(pipe, protocols) : null);
    }

    /// <summary>PASV, the transfer command, 150, the data, 226: the whole download (over TLS when <see cref="Transport"/> says so).</summary>
    public async Task<byte[]> DownloadAsync(string command)
    {
        await CommandAsync("PASV", 227);
        await SendAsync(command);
        await using var data = await DataConnectionAsync();
        await ExpectAsync(150);
        var bytes = await data.ReadAllAsync();
        await ExpectAsync(226);
        return bytes;
    }

    /// <summary>PASV, the transfer command, 150, the data then its end, and the final reply (over TLS when <see cref="Transport"/> says so).</summary>
    public async Task<Reply> UploadAsync(string command, byte[] content, int expected = 226)
    {
        await CommandAsync("PASV", 227);
        await SendAsync(command);
        await using var data = await DataConnectionAsync();
        await ExpectAsync(150);
        await data.WriteAsync(content);
        await data.CompleteWritingAsync();
        return await ExpectAsync(expected);
    }

    /// <summary>
    /// An upload the server is expected to refuse part way (quota, largest file): PASV, the command,
    /// 150, then <paramref name="pieces"/> zero-filled pieces of <paramref name="pieceBytes"/>, sent until
    /// the server closes the data connection, and the final reply, which must be <paramref name="expected"/>.
    /// </summary>
    public async Task<Reply> RefusedUploadAsync(string command, int pieces, int pieceBytes, int expected)
    {
        await CommandAsync("PASV", 227);
        await SendAsync(command);
        await using var data = await DataConnectionAsync();
        await ExpectAsync(150);
        try
        {
            for (var i = 0; i < pieces; i++)
            {
                await data.WriteAsync(new byte[pieceBytes]);
            }

            await data.CompleteWritingAsync();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException)
        {
            // The server may close the data connection before the client is done writing.
        }

        return await ExpectAsync(expected);
    }

    public static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var memory = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await stream.CopyToAsync(memory, timeout.Token);
        return memory.ToArray();
    }

    private async Task RunAsync(SessionEntry registration)
    {
        using (registration)
        {
            await Session.RunAsync(_stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _toServer.Writer.Complete();
        try
        {
            await Running.WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (OperationCanceledException)
        {
        }

        if (_tls is not null)
        {
            await _tls.DisposeAsync();
        }

        (_storage as IDisposable)?.Dispose();
        Directory.Delete(Root, recursive: true);
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}

internal sealed record Reply(int Code, IReadOnlyList<string> Lines)
{
    public string Text => string.Join("\n", Lines);

    public override string ToString() => Text;
}
