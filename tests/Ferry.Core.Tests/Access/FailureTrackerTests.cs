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

    private FailureTracker Tracker(int limit, int maxAddresses) =>
        new(new BanOptions { MaxFailuresPerAddress = limit, FailureWindow = TimeSpan.FromMinutes(5), MaxTrackedAddresses = maxAddresses }, _time);

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
    }
}
