using System.Net;
using Ferry.Core.Access;
using Ferry.Core.Access.Locks;
using Ferry.Core.Paths;
using Ferry.Ftp.Session;
using Ferry.Ftp.Tests.Support;

namespace Ferry.Ftp.Tests.Session;

/// <summary>
/// A real FTP session over in-memory pipes and a second protocol (a test double that calls the
/// access service directly, as WebDAV will) sign on through one access service: they see one
/// session count, one ban list and one lock table.
/// </summary>
public sealed class CrossProtocolAccessTests
{
    private static readonly IPAddress Localhost = IPAddress.Loopback;

    [Fact]
    public async Task Both_protocols_are_counted_in_one_registry_per_address_and_per_account()
    {
        await using var ftp = new FtpTestServer();
        await ftp.ExpectAsync(220);
        using var other = SecondProtocol.Connect(ftp, Localhost);

        Assert.Equal(2, ftp.Access.Sessions.Count);
        Assert.Equal(2, ftp.Access.Sessions.CountFor(Localhost));
        Assert.Equal(["ftp", "double"], ftp.Access.Sessions.Snapshot().Select(session => session.Protocol));

        await ftp.CommandAsync($"USER {FtpTestServer.User}", 331);
        await ftp.CommandAsync($"PASS {FtpTestServer.Password}", 230);
        Assert.True((await other.SignInAsync(FtpTestServer.User, FtpTestServer.Password)).Granted);

        Assert.Equal(2, ftp.Access.Sessions.CountForAccount(FtpTestServer.User));
        Assert.Equal(FtpTestServer.User, ftp.Session.Registration.Account?.Name);

        await ftp.CommandAsync("REIN", 220);
        Assert.Equal(1, ftp.Access.Sessions.CountForAccount(FtpTestServer.User));
    }

    [Fact]
    public async Task A_per_account_limit_counts_the_other_protocols_sessions_too()
    {
        await using var ftp = new FtpTestServer(limits: new SessionLimits(100, 100, MaxSessionsPerAccount: 1));
        await ftp.ExpectAsync(220);
        using var other = SecondProtocol.Connect(ftp, IPAddress.Parse("192.0.2.7"));
        Assert.True((await other.SignInAsync(FtpTestServer.User, FtpTestServer.Password)).Granted);

        await ftp.CommandAsync($"USER {FtpTestServer.User}", 331);
        var refused = await ftp.CommandAsync($"PASS {FtpTestServer.Password}", 530);

        Assert.Contains("sessions", refused.Text, StringComparison.Ordinal);
        Assert.False(ftp.Session.LoggedIn);
        other.Dispose();
        await ftp.CommandAsync($"USER {FtpTestServer.User}", 331);
        await ftp.CommandAsync($"PASS {FtpTestServer.Password}", 230);
    }

    [Fact]
    public async Task Failures_in_one_protocol_ban_the_address_in_the_other_on_one_ban_list()
    {
        await using var ftp = new FtpTestServer(bans: new BanOptions { MaxFailuresPerAddress = 3 });
        await ftp.ExpectAsync(220);
        using var other = SecondProtocol.Connect(ftp, Localhost);

        await other.SignInAsync(FtpTestServer.User, "guess-1");
        await other.SignInAsync(FtpTestServer.User, "guess-2");
        await ftp.CommandAsync($"USER {FtpTestServer.User}", 331);
        await ftp.CommandAsync("PASS guess-3", 530);

        await ftp.CommandAsync($"USER {FtpTestServer.User}", 331);
        var banned = await ftp.CommandAsync($"PASS {FtpTestServer.Password}", 530);
        Assert.Contains("Too many failed logons", banned.Text, StringComparison.Ordinal);
        Assert.Equal(AccessRefusal.Banned, (await other.SignInAsync(FtpTestServer.User, FtpTestServer.Password)).Refusal);
        var ban = Assert.Single(ftp.Access.Bans.CurrentBans());
        Assert.Equal(Localhost, ban.Address);
        Assert.Equal(3, ban.Failures);
    }

    [Fact]
    public async Task A_lock_taken_through_the_other_protocol_is_in_the_ftp_servers_lock_table()
    {
        await using var ftp = new FtpTestServer();
        using var other = SecondProtocol.Connect(ftp, Localhost);
        var key = new LockKey("files", VfsPath.Parse("/report.txt"));

        var taken = await other.Locks.TakeAsync(new LockRequest(key, LockScope.Exclusive, LockDepth.Zero, "bob", TimeSpan.FromMinutes(5)), default);

        Assert.Equal(LockOutcome.Granted, taken.Outcome);
        Assert.Equal([taken.Lock!], await ftp.Context.Locks.CheckAsync(key, LockDepth.Zero, new LockHolder(FtpTestServer.User), default));
        Assert.Empty(await ftp.Context.Locks.CheckAsync(key, LockDepth.Zero, new LockHolder("bob"), default));
    }

    [Fact]
    public async Task Closing_a_session_through_the_registry_ends_the_ftp_session_with_421_and_the_reason()
    {
        await using var ftp = new FtpTestServer();
        await ftp.ExpectAsync(220);

        var entry = Assert.Single(ftp.Access.Sessions.Snapshot());
        await entry.CloseAsync("Disconnected by the administrator.");

        var reply = await ftp.ExpectAsync(421);
        Assert.Contains("Disconnected by the administrator.", reply.Text, StringComparison.Ordinal);
        Assert.True(await ftp.ClosedAsync());
        await ftp.Running.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(0, ftp.Access.Sessions.Count);
    }

    /// <summary>
    /// A second protocol as small as can be: it takes a registry slot on connect, signs in through
    /// the access service, and holds the host's lock table, exactly as FTP's context does.
    /// </summary>
    private sealed class SecondProtocol : IDisposable
    {
        private readonly AccessService _access;
        private readonly SessionEntry _session;
        private readonly IPAddress _client;

        private SecondProtocol(AccessService access, ILockManager locks, SessionEntry session, IPAddress client)
        {
            _access = access;
            Locks = locks;
            _session = session;
            _client = client;
        }

        public ILockManager Locks { get; }

        /// <summary>Shares the FTP server's singletons, as a host would hand them to every protocol.</summary>
        public static SecondProtocol Connect(FtpTestServer ftp, IPAddress client)
        {
            Assert.True(ftp.Access.Sessions.TryOpen("double", client, out var session, out _));
            return new SecondProtocol(ftp.Context.Access, ftp.Context.Locks, session, client);
        }

        public async Task<AccessResult> SignInAsync(string user, string password) =>
            await _access.SignInAsync(new AccessRequest(user, password, new AccessChannel("double", _client, Protected: true)), _session, default);

        public void Dispose() => _session.Dispose();
    }
}
