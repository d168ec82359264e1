using System.Net;
using Ferry.Core.Access;
using Ferry.Core.Tests.Identity;
using Ferry.Testing;

namespace Ferry.Core.Tests.Access;

public sealed class FailureTrackerTests
{
    private static readonly IPAddress First = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Second = IPAddress.Parse("192.0.2.2");
    private static readonly IPAddress Third = IPAddress.Parse("192.0.2.3");

    private readonly FakeClock _time = new();

    /// <summary>Without a fixed ban length unless one is given, so that the window alone decides.</summary>
    private FailureTracker Tracker(int limit, int maxAddresses, TimeSpan? banDuration = null, params string[] neverBanned) =>
        new(
            new BanOptions
            {
                MaxFailuresPerAddress = limit,
                FailureWindow = TimeSpan.FromMinutes(5),
                BanDuration = banDuration ?? TimeSpan.Zero,
                MaxTrackedAddresses = maxAddresses,
                NeverBanned = [.. neverBanned.Select(IPNetwork.Parse)],
            },
            _time);

    [Fact]
    public void An_address_is_banned_once_it_reaches_the_limit_within_the_window()
    {
        var tracker = Tracker(3, 100);

        tracker.RecordFailure(First);
        tracker.RecordFailure(First);
        Assert.False(tracker.IsBanned(First));

        tracker.RecordFailure(First);
        Assert.True(tracker.IsBanned(First));
        Assert.False(tracker.IsBanned(Second));
    }

    [Fact]
    public void Reconfigured_rules_count_from_the_next_attempt_and_keep_what_was_recorded()
    {
        var tracker = Tracker(5, 100);
        tracker.RecordFailure(First);
        tracker.RecordFailure(First);
        Assert.False(tracker.IsBanned(First));

        // A reload lowers the limit to 3: the two failures already recorded count toward it.
        tracker.Reconfigure(tracker.Options with { MaxFailuresPerAddress = 3 });
        tracker.RecordFailure(First);

        Assert.True(tracker.IsBanned(First));
        Assert.Equal(3, tracker.Options.MaxFailuresPerAddress);
    }

    [Fact]
    public void A_raised_limit_lets_an_address_keep_more_failures_than_the_old_one()
    {
        var tracker = Tracker(2, 100);
        tracker.Reconfigure(tracker.Options with { MaxFailuresPerAddress = 4 });

        for (var i = 0; i < 3; i++)
        {
            tracker.RecordFailure(First);
        }

        Assert.False(tracker.IsBanned(First));
        tracker.RecordFailure(First);
        Assert.True(tracker.IsBanned(First));
    }

    [Fact]
    public void Lift_ends_a_ban_and_forgets_the_attempts()
    {
        var tracker = Tracker(2, 100, TimeSpan.FromHours(1));
        tracker.RecordFailure(First);
        tracker.RecordFailure(First);
        Assert.True(tracker.IsBanned(First));

        Assert.True(tracker.Lift(First));

        Assert.False(tracker.IsBanned(First));
        Assert.Empty(tracker.CurrentBans());

        // Forgotten: one more failure does not ban again at once.
        tracker.RecordFailure(First);
        Assert.False(tracker.IsBanned(First));
    }

    [Fact]
    public void Lift_of_an_address_that_is_not_banned_says_so()
    {
        var tracker = Tracker(3, 100);
        tracker.RecordFailure(First);

        Assert.False(tracker.Lift(First));
        Assert.False(tracker.Lift(Second));
    }

    [Fact]
    public void Lift_of_one_IPv6_address_lifts_its_whole_64_bit_prefix()
    {
        var tracker = Tracker(1, 100, TimeSpan.FromHours(1));
        tracker.RecordFailure(IPAddress.Parse("2001:db8::1"));

        Assert.True(tracker.Lift(IPAddress.Parse("2001:db8::2")));
        Assert.False(tracker.IsBanned(IPAddress.Parse("2001:db8::1")));
    }

    [Fact]
    public void Failures_older_than_the_window_stop_counting()
    {
        var tracker = Tracker(3, 100);
        tracker.RecordFailure(First);
        _time.Advance(TimeSpan.FromMinutes(3));
        tracker.RecordFailure(First);
        tracker.RecordFailure(First);
        Assert.True(tracker.IsBanned(First));

        // The first failure leaves the window; two remain.
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.False(tracker.IsBanned(First));
    }

    [Fact]
    public void Beyond_the_address_cap_the_longest_quiet_address_is_forgotten()
    {
        var tracker = Tracker(1, 2);
        tracker.RecordFailure(First);
        tracker.RecordFailure(Second);
        tracker.RecordFailure(First);

        tracker.RecordFailure(Third);

        Assert.Equal(2, tracker.TrackedAddresses);
        Assert.True(tracker.IsBanned(First));
        Assert.False(tracker.IsBanned(Second));
        Assert.True(tracker.IsBanned(Third));
    }

    [Fact]
    public void IPv6_addresses_in_one_64_bit_prefix_count_together()
    {
        var tracker = Tracker(2, 100);
        tracker.RecordFailure(IPAddress.Parse("2001:db8:1:2::1"));
        tracker.RecordFailure(IPAddress.Parse("2001:db8:1:2:ffff::9"));

        Assert.True(tracker.IsBanned(IPAddress.Parse("2001:db8:1:2::77")));
        Assert.False(tracker.IsBanned(IPAddress.Parse("2001:db8:1:3::1")));
    }

    [Fact]
    public void An_IPv4_mapped_address_counts_as_its_IPv4_address()
    {
        var tracker = Tracker(2, 100);
        tracker.RecordFailure(First);
        tracker.RecordFailure(First.MapToIPv6());

        Assert.True(tracker.IsBanned(First));
    }

    [Fact]
    public void The_ban_list_shows_banned_addresses_until_their_oldest_failure_leaves_the_window()
    {
        var tracker = Tracker(2, 100);
        var start = _time.GetUtcNow();
        tracker.RecordFailure(First);
        _time.Advance(TimeSpan.FromMinutes(1));
        tracker.RecordFailure(First);
        tracker.RecordFailure(Second);
        tracker.RecordFailure(IPAddress.Parse("2001:db8:1:2::1"));
        tracker.RecordFailure(IPAddress.Parse("2001:db8:1:2::2"));

        var bans = tracker.CurrentBans();

        Assert.Equal(2, bans.Count);
        var ipv4 = Assert.Single(bans, ban => ban.Address.Equals(First));
        Assert.Equal(32, ipv4.PrefixLength);
        Assert.Equal(2, ipv4.Failures);
        Assert.Equal(start + TimeSpan.FromMinutes(5), ipv4.Until);
        var ipv6 = Assert.Single(bans, ban => ban.PrefixLength == 64);
        Assert.Equal(IPAddress.Parse("2001:db8:1:2::"), ipv6.Address);

        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.DoesNotContain(tracker.CurrentBans(), ban => ban.Address.Equals(First));
    }

    [Fact]
    public void Impossible_options_are_refused_at_construction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FailureTracker(new BanOptions { MaxFailuresPerAddress = 0 }, _time));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FailureTracker(new BanOptions { FailureWindow = TimeSpan.Zero }, _time));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FailureTracker(new BanOptions { BanDuration = TimeSpan.FromSeconds(-1) }, _time));
    }

    [Fact]
    public void Attempts_count_from_their_start_so_parallel_ones_cannot_all_pass_the_check()
    {
        var tracker = Tracker(3, 100);

        var started = Enumerable.Range(0, 500).Select(_ => tracker.TryBeginAttempt(First)).ToList();

        Assert.Equal(3, started.Count(attempt => attempt is not null));
        Assert.True(tracker.IsBanned(First));
        Assert.NotNull(tracker.TryBeginAttempt(Second));
    }

    [Fact]
    public void A_successful_attempt_gives_its_count_back_and_a_failed_one_keeps_it()
    {
        var tracker = Tracker(2, 100);
        var failing = tracker.TryBeginAttempt(First)!;
        var succeeding = tracker.TryBeginAttempt(First)!;
        Assert.Null(tracker.TryBeginAttempt(First));

        succeeding.Succeeded();
        failing.Failed();

        Assert.False(tracker.IsBanned(First));
        tracker.TryBeginAttempt(First)!.Failed();
        Assert.True(tracker.IsBanned(First));
    }

    [Fact]
    public void An_abandoned_attempt_keeps_counting_until_it_leaves_the_window()
    {
        var tracker = Tracker(1, 100);
        Assert.NotNull(tracker.TryBeginAttempt(First));

        Assert.True(tracker.IsBanned(First));
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(tracker.IsBanned(First));
    }

    [Fact]
    public void Reaching_the_limit_with_failures_bans_for_the_ban_length_beyond_the_window()
    {
        var tracker = Tracker(2, 100, banDuration: TimeSpan.FromMinutes(30));
        var start = _time.GetUtcNow();
        tracker.TryBeginAttempt(First)!.Failed();
        tracker.TryBeginAttempt(First)!.Failed();

        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.True(tracker.IsBanned(First));
        Assert.Equal(start + TimeSpan.FromMinutes(30), Assert.Single(tracker.CurrentBans()).Until);

        _time.Advance(TimeSpan.FromMinutes(20));
        Assert.False(tracker.IsBanned(First));
    }

    [Fact]
    public void Attempts_still_running_hold_the_limit_but_do_not_start_the_ban_length()
    {
        var tracker = Tracker(2, 100, banDuration: TimeSpan.FromMinutes(30));
        var failing = tracker.TryBeginAttempt(First)!;
        var succeeding = tracker.TryBeginAttempt(First)!;

        failing.Failed();
        Assert.True(tracker.IsBanned(First));
        succeeding.Succeeded();

        Assert.False(tracker.IsBanned(First));
    }

    [Fact]
    public void An_attempts_standing_is_the_count_against_its_address_itself_included()
    {
        var tracker = Tracker(10, 100, null, "198.51.100.0/24");
        tracker.RecordFailure(First);
        tracker.TryBeginAttempt(First)!.Succeeded();

        Assert.Equal(2, tracker.TryBeginAttempt(First)!.Standing);
        Assert.Equal(1, tracker.TryBeginAttempt(Second)!.Standing);

        // Never banned, but counted for its standing all the same.
        var trusted = IPAddress.Parse("198.51.100.7");
        tracker.TryBeginAttempt(trusted)!.Failed();
        Assert.Equal(2, tracker.TryBeginAttempt(trusted)!.Standing);
    }

    [Fact]
    public void Ending_an_attempt_twice_counts_once()
    {
        var tracker = Tracker(2, 100);
        var attempt = tracker.TryBeginAttempt(First)!;
        tracker.TryBeginAttempt(First)!.Failed();

        attempt.Succeeded();
        attempt.Failed();
        attempt.Succeeded();

        Assert.False(tracker.IsBanned(First));
        Assert.NotNull(tracker.TryBeginAttempt(First));
        Assert.True(tracker.IsBanned(First));
    }

    [Fact]
    public void Addresses_on_the_never_banned_list_are_never_banned()
    {
        var tracker = Tracker(1, 100, null, "192.0.2.0/30", "2001:db8:7::/48");

        for (var i = 0; i < 5; i++)
        {
            tracker.RecordFailure(First);
            tracker.TryBeginAttempt(First)!.Failed();
            tracker.TryBeginAttempt(IPAddress.Parse("2001:db8:7:1::1"))!.Failed();
        }

        Assert.False(tracker.IsBanned(First));
        Assert.False(tracker.IsBanned(First.MapToIPv6()));
        Assert.True(tracker.IsNeverBanned(First.MapToIPv6()));
        Assert.False(tracker.IsBanned(IPAddress.Parse("2001:db8:7:1::1")));
        Assert.Empty(tracker.CurrentBans());

        // Just outside the /30.
        tracker.RecordFailure(IPAddress.Parse("192.0.2.4"));
        Assert.True(tracker.IsBanned(IPAddress.Parse("192.0.2.4")));
    }
}
