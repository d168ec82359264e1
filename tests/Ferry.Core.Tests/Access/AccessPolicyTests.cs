using System.Collections.Immutable;
using System.Net;
using Ferry.Core.Access;
using Ferry.Core.Identity;
using Ferry.Core.Tests.Identity;
using Ferry.Testing;

namespace Ferry.Core.Tests.Access;

/// <summary>The account's own policy and the server's address rules, applied by the one gate for every protocol.</summary>
public sealed class AccessPolicyTests
{
    private static readonly IPAddress Office = IPAddress.Parse("10.1.2.3");
    private static readonly IPAddress Elsewhere = IPAddress.Parse("198.51.100.9");

    private static readonly Pbkdf2PasswordHasher Inner = new(new PasswordHashOptions { Iterations = 1000, MaxVerifyIterations = 10_000 });

    private readonly FakeClock _time = new();
    private readonly CountingHasher _hasher = new(Inner);
    private readonly InMemoryAccountStore _store;
    private readonly SessionRegistry _sessions;
    private readonly AccessService _access;

    public AccessPolicyTests()
    {
        _store = new InMemoryAccountStore(
        [
            Make("office", new AccountPolicy { Addresses = new AddressRules { Allow = [IPNetwork.Parse("10.0.0.0/8")] } }),
            Make("secure", new AccountPolicy { Tls = new TlsPolicy(ControlChannelPolicy.RequireCredentialsOnly) }),
            Make("single", new AccountPolicy { MaxSessions = 1 }),
            Make("plain", AccountPolicy.Default),
            Make("off", new AccountPolicy { Addresses = new AddressRules { Deny = [IPNetwork.Parse("0.0.0.0/0")] } }) with { Enabled = false },
        ]);
        _sessions = new SessionRegistry(new SessionLimits(100, 100, MaxSessionsPerAccount: 5), _time);
        var login = new LoginPolicy(_store, _hasher, new LoginPolicyOptions { FailureDelay = TimeSpan.Zero }, new FailureTracker(new BanOptions(), _time), _time);
        _access = new AccessService(login, _sessions, _ => new FakeStorage());
    }

    private static Account Make(string name, AccountPolicy policy) =>
        new(name, Inner.Hash("secret"), "/srv/" + name, Permissions.All, ImmutableArray<FolderPermission>.Empty) { Policy = policy };

    private static AccessChannel Channel(IPAddress? address = null, bool isProtected = false) => new("ftp", address ?? Office, isProtected);

    private SessionEntry Open(IPAddress? address = null)
    {
        Assert.True(_sessions.TryOpen("ftp", address ?? Office, out var session, out _));
        return session;
    }

    private async Task<AccessResult> SignInAsync(SessionEntry session, string user, string password, AccessChannel? channel = null) =>
        await _access.SignInAsync(new AccessRequest(user, password, channel ?? Channel(session.ClientAddress)), session, default);

    [Fact]
    public async Task An_address_outside_the_accounts_allow_list_is_refused_before_the_password_is_checked()
    {
        using var session = Open(Elsewhere);

        var right = await SignInAsync(session, "office", "secret");
        var wrong = await SignInAsync(session, "office", "wrong");

        // The same answer for the right and a wrong password, and no hash computed: no password oracle.
        Assert.Equal(AccessRefusal.AddressDenied, right.Refusal);
        Assert.Equal(AccessRefusal.AddressDenied, wrong.Refusal);
        Assert.Equal(0, _hasher.Calls);
        Assert.Null(session.Account);
    }

    [Fact]
    public async Task An_address_inside_the_accounts_allow_list_signs_in_and_an_ipv4_mapped_one_counts_as_ipv4()
    {
        using var session = Open(IPAddress.Parse("::ffff:10.9.9.9"));

        Assert.True((await SignInAsync(session, "office", "secret")).Granted);
    }

    [Fact]
    public async Task The_check_before_the_password_names_the_accounts_refusal_and_passes_unknown_names_on()
    {
        Assert.Equal(AccessRefusal.AddressDenied, await _access.CheckBeforePasswordAsync("office", Channel(Elsewhere), default));
        Assert.Null(await _access.CheckBeforePasswordAsync("office", Channel(Office), default));

        // Unknown and disabled names go on to the password, which fails like any wrong one.
        Assert.Null(await _access.CheckBeforePasswordAsync("nobody", Channel(Elsewhere), default));
        Assert.Null(await _access.CheckBeforePasswordAsync("off", Channel(Elsewhere), default));
        Assert.Null(await _access.CheckBeforePasswordAsync("../etc", Channel(Elsewhere), default));
    }

    [Fact]
    public async Task An_account_that_requires_tls_is_refused_on_a_clear_channel_before_any_password_check()
    {
        using var session = Open();

        Assert.Equal(AccessRefusal.AccountTlsRequired, await _access.CheckBeforePasswordAsync("secure", Channel(), default));
        Assert.Equal(AccessRefusal.AccountTlsRequired, (await SignInAsync(session, "secure", "secret")).Refusal);
        Assert.Equal(0, _hasher.Calls);

        Assert.Null(await _access.CheckBeforePasswordAsync("secure", Channel(isProtected: true), default));
        Assert.True((await SignInAsync(session, "secure", "secret", Channel(isProtected: true))).Granted);

        // Other accounts are not affected by it.
        using var other = Open();
        Assert.True((await SignInAsync(other, "plain", "secret")).Granted);
    }

    [Fact]
    public async Task The_servers_address_rules_refuse_every_account_and_deny_wins_over_allow()
    {
        _access.Addresses = new AddressRules { Allow = [IPNetwork.Parse("10.0.0.0/8")], Deny = [IPNetwork.Parse("10.1.2.3/32")] };
        using var denied = Open(Office);
        using var admitted = Open(IPAddress.Parse("10.1.2.4"));

        Assert.False(_access.Admits(Office));
        Assert.False(_access.Admits(Elsewhere));
        Assert.Equal(AccessRefusal.AddressDenied, (await SignInAsync(denied, "plain", "secret")).Refusal);
        Assert.Equal(AccessRefusal.AddressDenied, (await SignInAsync(denied, "nobody", "secret")).Refusal);
        Assert.True((await SignInAsync(admitted, "plain", "secret")).Granted);
        Assert.Equal(0 + 1, _hasher.Calls);
    }

    [Fact]
    public async Task An_accounts_own_session_limit_stands_in_for_the_servers()
    {
        using var first = Open();
        using var second = Open();

        Assert.True((await SignInAsync(first, "single", "secret")).Granted);
        var refused = await SignInAsync(second, "single", "secret");

        Assert.Equal(AccessRefusal.TooManySessions, refused.Refusal);
        Assert.Contains("1 session(s)", refused.Detail, StringComparison.Ordinal);

        // The server's limit (5) still holds for the others.
        Assert.True((await SignInAsync(second, "plain", "secret")).Granted);
    }

    [Fact]
    public async Task A_reload_that_denies_an_open_sessions_address_ends_it_saying_why()
    {
        var session = Open();
        string? reason = null;
        session.OnCloseRequested(why =>
        {
            reason = why;
            return Task.CompletedTask;
        });
        Assert.True((await SignInAsync(session, "plain", "secret")).Granted);

        var changed = Make("plain", new AccountPolicy { Addresses = new AddressRules { Deny = [IPNetwork.Parse("10.0.0.0/8")] } });
        var ended = await _access.ApplyAccountChangeAsync(changed, "unused");

        Assert.Equal(1, ended);
        Assert.Contains("address", reason, StringComparison.Ordinal);
        session.Dispose();
    }

    [Fact]
    public async Task New_server_rules_end_the_sessions_they_no_longer_admit_and_only_those()
    {
        var denied = Open(Office);
        var admitted = Open(Elsewhere);
        var closed = new List<long>();
        foreach (var session in new[] { denied, admitted })
        {
            session.OnCloseRequested(_ =>
            {
                closed.Add(session.Id);
                return Task.CompletedTask;
            });
        }

        _access.Addresses = new AddressRules { Deny = [IPNetwork.Parse("10.0.0.0/8")] };
        var ended = await _access.EndSessionsNotAdmittedAsync();

        Assert.Equal(1, ended);
        Assert.Equal([denied.Id], closed);
        denied.Dispose();
        admitted.Dispose();
    }
}
