using System.Collections.Immutable;
using System.Net;
using Ferry.Core.Access;
using Ferry.Core.Diagnostics;
using Ferry.Core.Files;
using Ferry.Core.Identity;
using Ferry.Core.Storage;
using Ferry.Core.Tests.Identity;
using Ferry.Testing;

namespace Ferry.Core.Tests.Access;

public sealed class AccessServiceTests : IDisposable
{
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.10");

    private static readonly Pbkdf2PasswordHasher Hasher = new(new PasswordHashOptions { Iterations = 1000, MaxVerifyIterations = 10_000 });

    private readonly FakeClock _time = new();
    private readonly FakeStorage _storage = new();
    private readonly InMemoryAccountStore _store = new(
    [
        new Account("alice", Hasher.Hash("secret"), "/srv/alice", Permissions.All, ImmutableArray<FolderPermission>.Empty),
        new Account("broken", Hasher.Hash("secret"), "/srv/broken", Permissions.All, ImmutableArray<FolderPermission>.Empty),
    ]);

    private readonly SessionRegistry _sessions;
    private readonly AccessService _access;
    private readonly FerryMetrics _metrics = new();
    private readonly MetricRecorder _recorder;

    public AccessServiceTests()
    {
        _recorder = new MetricRecorder(_metrics.Meter);
        _sessions = new SessionRegistry(new SessionLimits(100, 100, MaxSessionsPerAccount: 2), _time, _metrics);
        var bans = new FailureTracker(new BanOptions { MaxFailuresPerAddress = 2 }, _time);
        var login = new LoginPolicy(_store, Hasher, new LoginPolicyOptions { FailureDelay = TimeSpan.Zero, AnonymousHome = "/srv/pub", AnonymousNames = ["anonymous", "ftp"] }, bans, _time);
        _access = new AccessService(login, _sessions, account => account.Name == "broken" ? throw new UnauthorizedAccessException("permission denied") : _storage);
    }

    private static AccessChannel Channel(bool isProtected = false, LogonProtection protection = LogonProtection.Optional, IPAddress? address = null) =>
        new("ftp", address ?? Client, isProtected, protection);

    private SessionEntry Open(IPAddress? address = null)
    {
        Assert.True(_sessions.TryOpen("ftp", address ?? Client, out var session, out _));
        return session;
    }

    private async Task<AccessResult> SignInAsync(SessionEntry session, string user, string password, AccessChannel? channel = null) =>
        await _access.SignInAsync(new AccessRequest(user, password, channel ?? Channel()), session, default);

    public void Dispose()
    {
        _recorder.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task Every_logon_is_counted_by_protocol_and_result()
    {
        using var session = Open();

        await SignInAsync(session, "alice", "wrong");
        await SignInAsync(session, "alice", "wrong");
        await SignInAsync(session, "alice", "secret");

        Assert.Equal(2, _recorder.Sum("ferry.logons", ("protocol", "ftp"), ("result", "failed")));
        Assert.Equal(1, _recorder.Sum("ferry.logons", ("protocol", "ftp"), ("result", "banned")));
        Assert.Equal(0, _recorder.Sum("ferry.logons", ("result", "ok")));
    }

    [Fact]
    public async Task Right_credentials_grant_the_account_its_files_and_count_the_session_for_it()
    {
        using var session = Open();

        var result = await SignInAsync(session, "ALICE", "secret");

        Assert.True(result.Granted);
        Assert.Equal("alice", result.Grant.Account.Name);
        Assert.Same(result.Grant.Account, result.Grant.Files.Account);
        Assert.False(result.Grant.Anonymous);
        Assert.Equal("alice", session.Account?.Name);
        Assert.Equal(1, _sessions.CountForAccount("alice"));
    }

    [Fact]
    public async Task The_files_granted_are_on_the_accounts_storage()
    {
        using var session = Open();
        var result = await SignInAsync(session, "alice", "secret");

        await result.Grant!.Files.StatAsync(Paths.VfsPath.Parse("/x"), default);

        Assert.Contains("stat /x", _storage.Calls);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_granted_lock_site_matches_names_as_the_accounts_storage_does(bool storageIgnoresCase)
    {
        var bans = new FailureTracker(new BanOptions(), _time);
        var login = new LoginPolicy(_store, Hasher, new LoginPolicyOptions { FailureDelay = TimeSpan.Zero }, bans, _time);
        var access = new AccessService(login, _sessions, _ => new Storage.Memory.InMemoryStorage { IgnoresCase = storageIgnoresCase });
        using var session = Open();

        var result = await access.SignInAsync(new AccessRequest("alice", "secret", Channel()), session, default);

        var locks = result.Grant!.Locks;
        Assert.Equal(storageIgnoresCase, locks.IgnoreCase);
        Assert.Equal(storageIgnoresCase, locks.KeyFor(Paths.VfsPath.Parse("/Report.PDF")) == locks.KeyFor(Paths.VfsPath.Parse("/report.pdf")));
    }

    [Theory]
    [InlineData("alice", "wrong")]
    [InlineData("nobody", "secret")]
    public async Task Wrong_password_or_unknown_name_is_a_bad_credentials_refusal_and_counts_nothing(string user, string password)
    {
        using var session = Open();

        var result = await SignInAsync(session, user, password);

        Assert.Equal(AccessRefusal.BadCredentials, result.Refusal);
        Assert.Null(result.Grant);
        Assert.Null(session.Account);
        Assert.Equal(0, _sessions.CountForAccount(user));
    }

    [Fact]
    public async Task Failures_put_the_address_on_the_shared_ban_list_and_then_even_right_credentials_are_refused()
    {
        using var session = Open();
        await SignInAsync(session, "alice", "wrong");
        await SignInAsync(session, "alice", "wrong");

        var result = await SignInAsync(session, "alice", "secret");

        Assert.Equal(AccessRefusal.Banned, result.Refusal);
        Assert.True(_access.Bans.IsBanned(Client));
        Assert.Contains(_access.Bans.CurrentBans(), ban => ban.Address.Equals(Client));
    }

    [Fact]
    public async Task Beyond_the_per_account_limit_the_logon_is_refused_as_too_many_sessions()
    {
        using var first = Open();
        using var second = Open();
        using var third = Open();
        Assert.True((await SignInAsync(first, "alice", "secret")).Granted);
        Assert.True((await SignInAsync(second, "alice", "secret")).Granted);

        var result = await SignInAsync(third, "alice", "secret");

        Assert.Equal(AccessRefusal.TooManySessions, result.Refusal);
        Assert.Contains("2", result.Detail, StringComparison.Ordinal);
        _access.SignOut(first);
        Assert.True((await SignInAsync(third, "alice", "secret")).Granted);
    }

    [Fact]
    public async Task A_home_that_cannot_be_opened_is_refused_with_the_reason_for_the_log()
    {
        using var session = Open();

        var result = await SignInAsync(session, "broken", "secret");

        Assert.Equal(AccessRefusal.HomeUnavailable, result.Refusal);
        Assert.Contains("permission denied", result.Detail, StringComparison.Ordinal);
        Assert.Null(session.Account);
    }

    [Fact]
    public async Task A_required_tls_refuses_a_clear_logon_before_any_password_check()
    {
        using var session = Open();
        var clear = Channel(isProtected: false, LogonProtection.Required);

        Assert.Equal(AccessRefusal.TlsRequired, _access.CheckBeforePassword("alice", clear));
        Assert.Equal(AccessRefusal.TlsRequired, (await SignInAsync(session, "alice", "wrong", clear)).Refusal);
        Assert.False(_access.Bans.IsBanned(Client));
        Assert.Equal(AccessRefusal.TlsRequired, _access.CheckBeforePassword("anonymous", clear));
    }

    [Fact]
    public async Task A_protected_channel_meets_a_required_tls()
    {
        using var session = Open();
        var protectedChannel = Channel(isProtected: true, LogonProtection.Required);

        Assert.Null(_access.CheckBeforePassword("alice", protectedChannel));
        Assert.True((await SignInAsync(session, "alice", "secret", protectedChannel)).Granted);
    }

    [Fact]
    public async Task Anonymous_may_log_on_in_the_clear_when_the_endpoint_exempts_it()
    {
        using var session = Open();
        var clear = Channel(isProtected: false, LogonProtection.RequiredExceptAnonymous);

        Assert.Equal(AccessRefusal.TlsRequired, _access.CheckBeforePassword("alice", clear));
        var result = await SignInAsync(session, "ftp", "someone@example.com", clear);

        Assert.True(result.Granted);
        Assert.True(result.Grant.Anonymous);
        Assert.Equal("/srv/pub", result.Grant.Account.HomeDirectory);
    }

    [Fact]
    public async Task A_signed_in_session_obeys_the_request_filter_in_force_and_a_follower_obeys_the_one_it_follows()
    {
        _access.Filter = new RequestFilter { HiddenSegments = ["private"] };
        var follower = new AccessService(
            new LoginPolicy(_store, Hasher, new LoginPolicyOptions { FailureDelay = TimeSpan.Zero }, new FailureTracker(new BanOptions(), _time), _time),
            _sessions,
            _ => _storage)
        { FilterFrom = _access, Filter = new RequestFilter { HiddenSegments = ["unused"] } };
        using var session = Open();
        using var other = Open();

        var files = (await SignInAsync(session, "alice", "secret")).Grant!.Files;
        var followed = (await follower.SignInAsync(new AccessRequest("alice", "secret", Channel()), other, default)).Grant!.Files;

        Assert.True(files.IsHidden(Ferry.Core.Paths.VfsPath.Parse("/private/a")));
        Assert.True(followed.IsHidden(Ferry.Core.Paths.VfsPath.Parse("/private/a")));
        Assert.False(followed.IsHidden(Ferry.Core.Paths.VfsPath.Parse("/unused")));

        _access.Filter = RequestFilter.None;

        Assert.False(files.IsHidden(Ferry.Core.Paths.VfsPath.Parse("/private/a")));
        Assert.False(followed.IsHidden(Ferry.Core.Paths.VfsPath.Parse("/private/a")));
    }
}
