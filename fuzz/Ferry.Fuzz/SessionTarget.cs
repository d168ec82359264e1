using System.IO.Pipelines;
using System.Net;
using System.Text;
using Ferry.Core.Access;
using Ferry.Core.Access.Locks;
using Ferry.Core.Identity;
using Ferry.Core.Storage.Memory;
using Ferry.Ftp;
using Ferry.Ftp.Data;
using Ferry.Ftp.Session;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Fuzz;

/// <summary>
/// The whole FTP engine: a logged-on session on in-memory storage reads the input as its control
/// connection. Every command and argument the table knows is reachable; data connections are
/// refused (their parsing and checks still run). The session must answer every line, end when the
/// input ends, and never let an exception escape.
/// </summary>
public static class SessionTarget
{
    /// <summary>A session that takes longer than this to read a few KiB of commands is stuck: that is a finding.</summary>
    private static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(10);

    private static readonly byte[] Logon = Encoding.ASCII.GetBytes($"USER {FuzzAccount.User}\r\nPASS {FuzzAccount.User}\r\n");

    public static void Run(byte[] input) => RunAsync(input).GetAwaiter().GetResult();

    private static async Task RunAsync(byte[] input)
    {
        var time = TimeProvider.System;
        var options = new FtpOptions { DataConnectTimeout = TimeSpan.FromMilliseconds(50) };
        var storage = new InMemoryStorage(time: time);
        var login = FuzzAccount.Login(new LoginPolicyOptions { FailureDelay = TimeSpan.Zero, AnonymousNames = ["anonymous", "ftp"] }, time);
        var sessions = new SessionRegistry(SessionLimits.None, time);
        var context = new FtpServerContext(options, new AccessService(login, sessions, _ => storage), new InMemoryLockManager(new LockOptions(), time),
            new RefusingDataChannels(DataConnectionPolicy.From(options)), new FtpSessions(), NullLoggerFactory.Instance, time)
        { StorageCapabilities = storage.Capabilities };

        var client = new IPEndPoint(IPAddress.Loopback, 50000);
        if (!sessions.TryOpen(FtpSession.ProtocolName, client.Address, out var registration, out _))
        {
            throw new FuzzFinding("the registry refused the only session");
        }

        var toServer = new Pipe();
        var toClient = new Pipe();
        var session = new FtpSession(new Duplex(toServer.Reader, toClient.Writer),
            new FtpConnectionInfo("fuzz", client, new IPEndPoint(IPAddress.Loopback, 2121)), registration, context);
        using var stuck = new CancellationTokenSource(StuckAfter);
        var running = RunSessionAsync(session, registration, stuck.Token);
        var replies = DrainAsync(toClient.Reader);

        await toServer.Writer.WriteAsync(Logon);
        await toServer.Writer.WriteAsync(input);
        await toServer.Writer.CompleteAsync();
        try
        {
            await running.WaitAsync(StuckAfter + TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            throw new FuzzFinding("the session did not end after its input ended");
        }

        if (stuck.IsCancellationRequested)
        {
            throw new FuzzFinding($"the session was still running {StuckAfter.TotalSeconds} s after its input ended");
        }

        var text = await replies;
        if (!text.StartsWith("220", StringComparison.Ordinal) || !text.Contains("\r\n230 ", StringComparison.Ordinal))
        {
            throw new FuzzFinding($"the session did not greet and log on: {text[..Math.Min(200, text.Length)]}");
        }
    }

    private static async Task RunSessionAsync(FtpSession session, SessionEntry registration, CancellationToken cancellationToken)
    {
        using (registration)
        {
            await session.RunAsync(cancellationToken);
        }
    }

    private static async Task<string> DrainAsync(PipeReader reader)
    {
        var text = new StringBuilder();
        while (true)
        {
            var result = await reader.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                text.Append(Encoding.UTF8.GetString(segment.Span));
            }

            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return text.ToString();
            }
        }
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }

    /// <summary>No data connection is ever made: passive finds no free port, active is refused after the policy's checks.</summary>
    private sealed class RefusingDataChannels(DataConnectionPolicy policy) : IDataChannelFactory
    {
        public DataConnectionPolicy Policy => policy;

        public ValueTask<IPassiveListener?> ListenAsync(IPAddress localAddress, IPAddress clientAddress, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IPassiveListener?>(null);

        public ValueTask<IDataConnection> ConnectAsync(IPEndPoint target, IPAddress localAddress, IPAddress clientAddress, CancellationToken cancellationToken) =>
            throw new DataConnectionRefusedException("the fuzz target makes no data connections");
    }
}
