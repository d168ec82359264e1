using System.Collections.Immutable;
using System.Net;
using Ferry.Core.Access;
using Ferry.Core.Identity;
using Ferry.Testing;

namespace Ferry.Core.Tests.Identity;

public sealed class LoginPolicyTests
{
    /// <summary>Only a guard against a hung test, never a measure of speed.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.10");

    private static readonly Pbkdf2PasswordHasher RealHasher = new(new PasswordHashOptions { Iterations = 1000, MaxVerifyIterations = 10_000 });

    private readonly FakeClock _time = new();
    private readonly InMemoryAccountStore _store = new(
    [
        new Account("alice", RealHasher.Hash("secret"), "/srv/alice", Permissions.All, ImmutableArray<FolderPermission>.Empty),
        new Account("dave", RealHasher.Hash("secret"), "/srv/dave", Permissions.All, ImmutableArray<FolderPermission>.Empty, Enabled: false),
    ]);

    private static LoginPolicyOptions Options => new() { FailureDelay = TimeSpan.Zero, MaxConcurrentHashes = 2 };

    private LoginPolicy Policy(IPasswordHasher hasher, LoginPolicyOptions? options = null, BanOptions? bans = null) =>
        new(_store, hasher, options ?? Options, new FailureTracker(bans ?? new BanOptions(), _time), _time);

    private static LoginRequest Request(string user, string password, IPAddress? address = null) =>
        new(user, password, address ?? Client, "ftp");

    [Fact]
    public async Task The_right_password_logs_the_account_on()
    {
        var result = await Policy(RealHasher).LoginAsync(Request("ALICE", "secret"), default);

        Assert.Equal(LoginOutcome.Success, result.Outcome);
        Assert.Equal("alice", result.Account?.Name);
    }

    [Fact]
    public async Task Wrong_password_unknown_user_and_disabled_account_get_the_same_rejection()
    {
        var policy = Policy(RealHasher);

        var wrongPassword = await policy.LoginAsync(Request("alice", "guess"), default);
        var unknownUser = await policy.LoginAsync(Request("mallory", "secret"), default);
        var disabled = await policy.LoginAsync(Request("dave", "secret"), default);

        Assert.Same(LoginResult.Rejected, wrongPassword);
        Assert.Same(LoginResult.Rejected, unknownUser);
        Assert.Same(LoginResult.Rejected, disabled);
    }

    [Fact]
    public async Task An_unknown_user_costs_a_hash_verification_like_a_known_one()
    {
        var hasher = new CountingHasher(RealHasher);
        var policy = Policy(hasher);

        await policy.LoginAsync(Request("mallory", "secret"), default);
        Assert.Equal(1, hasher.Calls);

        await policy.LoginAsync(Request("alice", "guess"), default);
        Assert.Equal(2, hasher.Calls);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../alice")]
    [InlineData("/etc")]
    [InlineData("alice/..")]
    [InlineData("C:")]
    public async Task An_invalid_name_fails_like_an_unknown_user_without_reaching_the_store(string name)
    {
        var store = new RecordingStore(_store);
        var hasher = new CountingHasher(RealHasher);
        var policy = new LoginPolicy(store, hasher, Options, new FailureTracker(new BanOptions(), _time), _time);

        var result = await policy.LoginAsync(Request(name, "secret"), default);

        Assert.Same(LoginResult.Rejected, result);
        Assert.Empty(store.Asked);
        Assert.Equal(1, hasher.Calls); // Costs what an unknown name costs, so the answer says nothing.
    }

    [Fact]
    public async Task A_failure_is_answered_only_after_the_delay_passes_on_the_time_provider()
    {
        var policy = Policy(RealHasher, Options with { FailureDelay = TimeSpan.FromSeconds(1) });

        var logon = policy.LoginAsync(Request("alice", "guess"), default).AsTask();
        await _time.WaitForPendingTimerAsync().WaitAsync(HangGuard);

        Assert.False(logon.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Same(LoginResult.Rejected, await logon.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task A_success_is_not_delayed()
    {
        var policy = Policy(RealHasher, Options with { FailureDelay = TimeSpan.FromHours(1) });

        // The clock never moves: a delayed answer would never come and the guard would fail the test.
        var result = await policy.LoginAsync(Request("alice", "secret"), default).AsTask().WaitAsync(HangGuard);

        Assert.Equal(LoginOutcome.Success, result.Outcome);
        Assert.Equal(0, _time.PendingTimers);
    }

    [Fact]
    public async Task Cancelling_during_the_failure_delay_ends_the_logon()
    {
        var policy = Policy(RealHasher, Options with { FailureDelay = TimeSpan.FromSeconds(1) });
        using var cancellation = new CancellationTokenSource();

        var logon = policy.LoginAsync(Request("alice", "guess"), cancellation.Token).AsTask();
        await _time.WaitForPendingTimerAsync().WaitAsync(HangGuard);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => logon.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task No_more_than_MaxConcurrentHashes_verifications_run_at_once()
    {
        using var gate = new SemaphoreSlim(0);
        var hasher = new CountingHasher(RealHasher, gate);
        // Without the logon cache, which would make the twenty identical logons share one check; from
        // twenty addresses, so that no address reaches its own bound.
        var policy = Policy(hasher, Options with { MaxConcurrentHashes = 2, LogonCacheLifetime = TimeSpan.Zero });

        var logons = Enumerable.Range(0, 20)
            .Select(i => policy.LoginAsync(Request("alice", "secret", IPAddress.Parse($"192.0.2.{100 + i}")), default).AsTask())
            .ToArray();
        await hasher.WhenInsideAsync(2).WaitAsync(HangGuard);
        gate.Release(20);
        var results = await Task.WhenAll(logons).WaitAsync(HangGuard);

        Assert.All(results, result => Assert.Equal(LoginOutcome.Success, result.Outcome));
        Assert.Equal(20, hasher.Calls);
        Assert.Equal(2, hasher.MaxConcurrent);
    }

    [Theory]
    [InlineData("anonymous")]
    [InlineData("ANONYMOUS")]
    [InlineData("ftp")]
    [InlineData("Ftp")]
    public async Task Anonymous_names_log_on_read_only_to_the_anonymous_home_with_any_password(string name)
    {
        var hasher = new CountingHasher(RealHasher);
        var policy = Policy(hasher, Options with { AnonymousHome = "/srv/pub", AnonymousNames = ["anonymous", "ftp"] });

        var result = await policy.LoginAsync(Request(name, "someone@example.com"), default);

        Assert.Equal(LoginOutcome.Success, result.Outcome);
        Assert.Equal("/srv/pub", result.Account?.HomeDirectory);
        Assert.Equal(Permissions.ReadOnly, result.Account?.DefaultPermissions);
        Assert.Empty(result.Account!.FolderPermissions);
        Assert.Equal(0, hasher.Calls);
    }

    [Fact]
    public async Task Without_an_anonymous_home_anonymous_names_are_ordinary_and_rejected()
    {
        var policy = Policy(RealHasher);

        Assert.Same(LoginResult.Rejected, await policy.LoginAsync(Request("anonymous", "someone@example.com"), default));
        Assert.Same(LoginResult.Rejected, await policy.LoginAsync(Request("ftp", ""), default));
    }

    [Fact]
    public async Task An_address_with_too_many_recent_failures_is_throttled_without_hashing()
    {
        var hasher = new CountingHasher(RealHasher);
        var policy = Policy(hasher, bans: new BanOptions { MaxFailuresPerAddress = 3, FailureWindow = TimeSpan.FromMinutes(5) });
        for (var i = 0; i < 3; i++)
        {
            Assert.Same(LoginResult.Rejected, await policy.LoginAsync(Request("alice", "guess"), default));
        }

        var throttled = await policy.LoginAsync(Request("alice", "secret"), default);

        Assert.Same(LoginResult.Throttled, throttled);
        Assert.Equal(3, hasher.Calls);
    }

    [Fact]
    public async Task Throttling_is_per_address_and_ends_when_the_window_passes()
    {
        var policy = Policy(RealHasher, bans: new BanOptions { MaxFailuresPerAddress = 2, FailureWindow = TimeSpan.FromMinutes(5) });
        await policy.LoginAsync(Request("mallory", "x"), default);
        await policy.LoginAsync(Request("mallory", "y"), default);

        var other = await policy.LoginAsync(Request("alice", "secret", IPAddress.Parse("192.0.2.99")), default);
        Assert.Equal(LoginOutcome.Success, other.Outcome);
        Assert.Same(LoginResult.Throttled, await policy.LoginAsync(Request("alice", "secret"), default));

        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(LoginOutcome.Success, (await policy.LoginAsync(Request("alice", "secret"), default)).Outcome);
    }

    [Fact]
    public async Task Successes_do_not_clear_the_failure_count()
    {
        var policy = Policy(RealHasher, bans: new BanOptions { MaxFailuresPerAddress = 2 });
        await policy.LoginAsync(Request("alice", "guess"), default);
        await policy.LoginAsync(Request("alice", "secret"), default);
        await policy.LoginAsync(Request("alice", "guess"), default);

        Assert.Same(LoginResult.Throttled, await policy.LoginAsync(Request("alice", "secret"), default));
    }

    [Fact]
    public async Task A_second_logon_with_the_same_password_does_not_hash()
    {
        var hasher = new CountingHasher(RealHasher);
        var policy = Policy(hasher);

        Assert.Equal(LoginOutcome.Success, (await policy.LoginAsync(Request("alice", "secret"), default)).Outcome);
        var second = await policy.LoginAsync(Request("ALICE", "secret"), default);

        Assert.Equal(LoginOutcome.Success, second.Outcome);
        Assert.Equal("alice", second.Account?.Name);
        Assert.Equal(1, hasher.Calls);
    }

    [Fact]
    public async Task A_wrong_password_after_a_remembered_one_hashes_and_fails_after_the_delay()
    {
        var hasher = new CountingHasher(RealHasher);
        var policy = Policy(hasher, Options with { FailureDelay = TimeSpan.FromSeconds(1) });
        await policy.LoginAsync(Request("alice", "secret"), default);

        var logon = policy.LoginAsync(Request("alice", "guess"), default).AsTask();
        await _time.WaitForPendingTimerAsync().WaitAsync(HangGuard);

        Assert.False(logon.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Same(LoginResult.Rejected, await logon.WaitAsync(HangGuard));
        Assert.Equal(2, hasher.Calls);
    }

    [Fact]
    public async Task A_password_change_ends_the_remembered_logon_at_once()
    {
        var hasher = new CountingHasher(RealHasher);
        var policy = Policy(hasher);
        await policy.LoginAsync(Request("alice", "secret"), default);
        var alice = (await _store.FindAsync("alice", default))!;

        await _store.UpdateAsync(alice with { PasswordHash = RealHasher.Hash("changed") }, default);

        Assert.Same(LoginResult.Rejected, await policy.LoginAsync(Request("alice", "secret"), default));
        Assert.Equal(2, hasher.Calls);
        Assert.Equal(LoginOutcome.Success, (await policy.LoginAsync(Request("alice", "changed"), default)).Outcome);
        Assert.Equal(3, hasher.Calls);
    }

    [Fact]
    public async Task An_account_disabled_after_a_remembered_logon_is_rejected()
    {
        var policy = Policy(RealHasher);
        await policy.LoginAsync(Request("alice", "secret"), default);
        var alice = (await _store.FindAsync("alice", default))!;

        await _store.UpdateAsync(alice with { Enabled = false }, default);

        Assert.Same(LoginResult.Rejected, await policy.LoginAsync(Request("alice", "secret"), default));
    }

    [Fact]
    public async Task A_removed_account_is_rejected_though_its_logon_was_remembered()
    {
        var policy = Policy(RealHasher);
        await policy.LoginAsync(Request("alice", "secret"), default);

        await _store.RemoveAsync("alice", default);

        Assert.Same(LoginResult.Rejected, await policy.LoginAsync(Request("alice", "secret"), default));
    }

    [Fact]
    public async Task A_remembered_logon_expires_after_the_lifetime_and_hashes_again()
    {
        var hasher = new CountingHasher(RealHasher);
        var policy = Policy(hasher, Options with { LogonCacheLifetime = TimeSpan.FromMinutes(10) });
        await policy.LoginAsync(Request("alice", "secret"), default);

        _time.Advance(TimeSpan.FromMinutes(9));
        await policy.LoginAsync(Request("alice", "secret"), default);
        Assert.Equal(1, hasher.Calls);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(LoginOutcome.Success, (await policy.LoginAsync(Request("alice", "secret"), default)).Outcome);
        Assert.Equal(2, hasher.Calls);
    }

    [Fact]
    public async Task A_zero_lifetime_hashes_every_logon()
    {
        var hasher = new CountingHasher(RealHasher);
        var policy = Policy(hasher, Options with { LogonCacheLifetime = TimeSpan.Zero });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(LoginOutcome.Success, (await policy.LoginAsync(Request("alice", "secret"), default)).Outcome);
        }

        Assert.Equal(3, hasher.Calls);
    }

    [Fact]
    public void A_negative_lifetime_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Policy(RealHasher, Options with { LogonCacheLifetime = TimeSpan.FromSeconds(-1) }));
    }

    [Fact]
    public async Task Failures_are_not_remembered()
    {
        var hasher = new CountingHasher(RealHasher);
        var policy = Policy(hasher);

        await policy.LoginAsync(Request("alice", "guess"), default);
        await policy.LoginAsync(Request("alice", "guess"), default);

        Assert.Equal(2, hasher.Calls);
    }

    [Fact]
    public async Task A_disabled_account_is_never_remembered()
    {
        var hasher = new CountingHasher(RealHasher);
        var policy = Policy(hasher);

        Assert.Same(LoginResult.Rejected, await policy.LoginAsync(Request("dave", "secret"), default));
        Assert.Same(LoginResult.Rejected, await policy.LoginAsync(Request("dave", "secret"), default));

        Assert.Equal(2, hasher.Calls);
    }

    [Fact]
    public async Task A_throttled_address_is_refused_even_with_a_remembered_password()
    {
        var policy = Policy(RealHasher, bans: new BanOptions { MaxFailuresPerAddress = 1 });
        await policy.LoginAsync(Request("alice", "secret"), default);
        await policy.LoginAsync(Request("alice", "guess"), default);

        Assert.Same(LoginResult.Throttled, await policy.LoginAsync(Request("alice", "secret"), default));
    }

    [Fact]
    public async Task Fifty_concurrent_identical_logons_cost_one_hash()
    {
        using var gate = new SemaphoreSlim(0);
        var hasher = new CountingHasher(RealHasher, gate);
        var policy = Policy(hasher);

        var logons = Enumerable.Range(0, 50)
            .Select(_ => policy.LoginAsync(Request("alice", "secret"), default).AsTask())
            .ToArray();
        await hasher.WhenInsideAsync(1).WaitAsync(HangGuard);
        gate.Release(50);
        var results = await Task.WhenAll(logons).WaitAsync(HangGuard);

        Assert.All(results, result => Assert.Equal(LoginOutcome.Success, result.Outcome));
        Assert.Equal(1, hasher.Calls);
    }

    [Fact]
    public async Task Concurrent_identical_logons_to_an_unknown_name_also_cost_one_hash()
    {
        using var gate = new SemaphoreSlim(0);
        var hasher = new CountingHasher(RealHasher, gate);
        var policy = Policy(hasher);

        var logons = Enumerable.Range(0, 10)
            .Select(_ => policy.LoginAsync(Request("mallory", "secret"), default).AsTask())
            .ToArray();
        await hasher.WhenInsideAsync(1).WaitAsync(HangGuard);
        gate.Release(10);
        var results = await Task.WhenAll(logons).WaitAsync(HangGuard);

        Assert.All(results, result => Assert.Same(LoginResult.Rejected, result));
        Assert.Equal(1, hasher.Calls);
    }

    [Fact]
    public async Task Concurrent_logons_with_different_passwords_do_not_share_a_check()
    {
        using var gate = new SemaphoreSlim(0);
        var hasher = new CountingHasher(RealHasher, gate);
        var policy = Policy(hasher);

        var right = policy.LoginAsync(Request("alice", "secret"), default).AsTask();
        var wrong = policy.LoginAsync(Request("alice", "guess"), default).AsTask();
        await hasher.WhenInsideAsync(2).WaitAsync(HangGuard);
        gate.Release(2);

        Assert.Equal(LoginOutcome.Success, (await right.WaitAsync(HangGuard)).Outcome);
        Assert.Same(LoginResult.Rejected, await wrong.WaitAsync(HangGuard));
        Assert.Equal(2, hasher.Calls);
    }

    [Fact]
    public async Task A_cancelled_waiter_does_not_break_the_shared_check_for_the_others()
    {
        using var gate = new SemaphoreSlim(0);
        var hasher = new CountingHasher(RealHasher, gate);
        var policy = Policy(hasher);
        using var cancellation = new CancellationTokenSource();

        var first = policy.LoginAsync(Request("alice", "secret"), cancellation.Token).AsTask();
        var others = Enumerable.Range(0, 5)
            .Select(_ => policy.LoginAsync(Request("alice", "secret"), default).AsTask())
            .ToArray();
        await hasher.WhenInsideAsync(1).WaitAsync(HangGuard);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.WaitAsync(HangGuard));
        gate.Release(5);
        var results = await Task.WhenAll(others).WaitAsync(HangGuard);

        Assert.All(results, result => Assert.Equal(LoginOutcome.Success, result.Outcome));
        Assert.Equal(1, hasher.Calls);
        Assert.Equal(LoginOutcome.Success, (await policy.LoginAsync(Request("alice", "secret"), default)).Outcome);
        Assert.Equal(1, hasher.Calls);
    }

    [Theory]
    [InlineData("anonymous", true)]
    [InlineData("FTP", true)]
    [InlineData("alice", false)]
    public void IsAnonymous_is_true_only_for_anonymous_names_when_anonymous_logon_is_configured(string name, bool anonymous)
    {
        Assert.Equal(anonymous, Policy(RealHasher, Options with { AnonymousHome = "/srv/pub", AnonymousNames = ["anonymous", "ftp"] }).IsAnonymous(name));
        Assert.False(Policy(RealHasher).IsAnonymous(name));
    }

    [Fact]
    public void Only_the_configured_anonymous_names_count_and_core_names_just_anonymous()
    {
        var policy = Policy(RealHasher, Options with { AnonymousHome = "/srv/pub" });

        Assert.True(policy.IsAnonymous("Anonymous"));
        Assert.False(policy.IsAnonymous("ftp"));
    }

    [Fact]
    public async Task The_ban_list_is_the_one_passed_in_so_failures_counted_elsewhere_ban_here_too()
    {
        var bans = new FailureTracker(new BanOptions { MaxFailuresPerAddress = 2 }, _time);
        var policy = new LoginPolicy(_store, RealHasher, Options, bans, _time);
        bans.RecordFailure(Client);
        bans.RecordFailure(Client);

        Assert.Same(LoginResult.Throttled, await policy.LoginAsync(Request("alice", "secret"), default));

        await policy.LoginAsync(Request("alice", "guess", IPAddress.Parse("192.0.2.99")), default);
        Assert.Contains(bans.CurrentBans(), ban => ban.Address.Equals(Client));
        Assert.False(bans.IsBanned(IPAddress.Parse("192.0.2.99")));
    }

    [Fact]
    public async Task Five_hundred_parallel_guesses_from_one_address_get_only_the_limit_checked()
    {
        using var gate = new SemaphoreSlim(0);
        var hasher = new CountingHasher(RealHasher, gate);
        var policy = Policy(hasher, Options with { MaxPendingHashesPerAddress = 1000 }, new BanOptions { MaxFailuresPerAddress = 10 });

        var logons = Enumerable.Range(0, 500)
            .Select(i => policy.LoginAsync(Request("alice", $"guess{i}"), default).AsTask())
            .ToArray();
        await hasher.WhenInsideAsync(2).WaitAsync(HangGuard);
        gate.Release(500);
        var results = await Task.WhenAll(logons).WaitAsync(HangGuard);

        Assert.Equal(10, results.Count(result => result.Outcome == LoginOutcome.Rejected));
        Assert.Equal(490, results.Count(result => result.Outcome == LoginOutcome.Throttled));
        Assert.Equal(10, hasher.Calls);
    }

    [Fact]
    public async Task Checks_beyond_the_per_address_bound_are_refused_at_once_without_hashing()
    {
        using var gate = new SemaphoreSlim(0);
        var hasher = new CountingHasher(RealHasher, gate);
        var policy = Policy(hasher, Options with { MaxPendingHashesPerAddress = 2, MaxConcurrentHashes = 1 }, new BanOptions { MaxFailuresPerAddress = 100 });

        var logons = Enumerable.Range(0, 5)
            .Select(i => policy.LoginAsync(Request("alice", $"guess{i}"), default).AsTask())
            .ToArray();
        await hasher.WhenInsideAsync(1).WaitAsync(HangGuard);

        // Three were refused while the gate was still shut: they never waited for a hash.
        var refused = await Task.WhenAll(logons[2..]).WaitAsync(HangGuard);
        Assert.All(refused, result => Assert.Same(LoginResult.Busy, result));
        var other = policy.LoginAsync(Request("alice", "secret", IPAddress.Parse("192.0.2.99")), default).AsTask();
        gate.Release(3);

        Assert.All(await Task.WhenAll(logons[..2]).WaitAsync(HangGuard), result => Assert.Same(LoginResult.Rejected, result));
        Assert.Equal(LoginOutcome.Success, (await other.WaitAsync(HangGuard)).Outcome);
        Assert.Equal(3, hasher.Calls);
    }

    [Fact]
    public async Task A_logon_from_a_new_address_is_checked_right_after_the_hash_running_when_it_arrives()
    {
        using var gate = new SemaphoreSlim(0);
        var hasher = new RecordingHasher(RealHasher, gate);
        var policy = Policy(hasher, Options with { MaxConcurrentHashes = 1, MaxPendingHashesPerAddress = 10 }, new BanOptions { MaxFailuresPerAddress = 100 });
        var flood = new List<Task<LoginResult>>();
        for (var address = 1; address <= 3; address++)
        {
            for (var guess = 0; guess < 10; guess++)
            {
                flood.Add(policy.LoginAsync(Request("alice", $"guess{address}.{guess}", IPAddress.Parse($"198.51.100.{address}")), default).AsTask());
            }
        }

        await hasher.WhenStartedAsync(1).WaitAsync(HangGuard);
        var newcomer = policy.LoginAsync(Request("alice", "secret", IPAddress.Parse("203.0.113.7")), default).AsTask();
        gate.Release(1);
        await hasher.WhenStartedAsync(2).WaitAsync(HangGuard);
        gate.Release(1);

        Assert.Equal(LoginOutcome.Success, (await newcomer.WaitAsync(HangGuard)).Outcome);
        gate.Release(1000);
        await Task.WhenAll(flood).WaitAsync(HangGuard);

        // Right after the hash that ran when it arrived, ahead of the flood's thirty; the flood's
        // addresses took turns.
        Assert.Equal(["guess1.0", "secret", "guess2.0", "guess3.0", "guess1.1", "guess2.1", "guess3.1", "guess1.2"], hasher.Started.Take(8));
    }

    [Fact]
    public async Task Identical_parallel_logons_count_as_one_attempt()
    {
        using var gate = new SemaphoreSlim(0);
        var hasher = new CountingHasher(RealHasher, gate);
        var bans = new BanOptions { MaxFailuresPerAddress = 2 };
        var policy = Policy(hasher, bans: bans);

        var logons = Enumerable.Range(0, 20)
            .Select(_ => policy.LoginAsync(Request("alice", "guess"), default).AsTask())
            .ToArray();
        await hasher.WhenInsideAsync(1).WaitAsync(HangGuard);
        gate.Release(20);

        Assert.All(await Task.WhenAll(logons).WaitAsync(HangGuard), result => Assert.Same(LoginResult.Rejected, result));
        Assert.Equal(1, hasher.Calls);
        Assert.Equal(LoginOutcome.Success, (await policy.LoginAsync(Request("alice", "secret"), default)).Outcome);
    }

    [Fact]
    public async Task An_address_on_the_never_banned_list_is_not_throttled_by_failures()
    {
        var policy = Policy(RealHasher, bans: new BanOptions { MaxFailuresPerAddress = 1, NeverBanned = [IPNetwork.Parse("192.0.2.0/24")] });
        for (var i = 0; i < 3; i++)
        {
            Assert.Same(LoginResult.Rejected, await policy.LoginAsync(Request("alice", "guess"), default));
        }

        Assert.Equal(LoginOutcome.Success, (await policy.LoginAsync(Request("alice", "secret"), default)).Outcome);
        Assert.Same(LoginResult.Rejected, await policy.LoginAsync(Request("alice", "guess", IPAddress.Parse("198.51.100.1")), default));
        Assert.Same(LoginResult.Throttled, await policy.LoginAsync(Request("alice", "secret", IPAddress.Parse("198.51.100.1")), default));
    }

    [Fact]
    public void Impossible_per_address_bound_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Policy(RealHasher, Options with { MaxPendingHashesPerAddress = 0 }));
    }
}
