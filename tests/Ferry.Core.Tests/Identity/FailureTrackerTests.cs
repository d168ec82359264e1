using System.Net;
using Ferry.Core.Identity;
using Ferry.Testing;

namespace Ferry.Core.Tests.Identity;

public sealed class FailureTrackerTests
{
    private static readonly IPAddress First = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Second = IPAddress.Parse("192.0.2.2");
    private static readonly IPAddress Third = IPAddress.Parse("192.0.2.3");

    private readonly FakeClock _time = new();

    [Fact]
    public void An_address_is_throttled_once_it_reaches_the_limit_within_the_window()
    {
        var tracker = new FailureTracker(3, TimeSpan.FromMinutes(5), 100, _time);

        tracker.RecordFailure(First);
        tracker.RecordFailure(First);
        Assert.False(tracker.IsThrottled(First));

        tracker.RecordFailure(First);
        Assert.True(tracker.IsThrottled(First));
        Assert.False(tracker.IsThrottled(Second));
    }

    [Fact]
    public void Failures_older_than_the_window_stop_counting()
    {
        var tracker = new FailureTracker(3, TimeSpan.FromMinutes(5), 100, _time);
        tracker.RecordFailure(First);
        _time.Advance(TimeSpan.FromMinutes(3));
        tracker.RecordFailure(First);
        tracker.RecordFailure(First);
        Assert.True(tracker.IsThrottled(First));

        // The first failure leaves the window; two remain.
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.False(tracker.IsThrottled(First));
    }

    [Fact]
    public void Beyond_the_address_cap_the_longest_quiet_address_is_forgotten()
    {
        var tracker = new FailureTracker(1, TimeSpan.FromMinutes(5), 2, _time);
        tracker.RecordFailure(First);
        tracker.RecordFailure(Second);
        tracker.RecordFailure(First);

        tracker.RecordFailure(Third);

        Assert.Equal(2, tracker.TrackedAddresses);
        Assert.True(tracker.IsThrottled(First));
        Assert.False(tracker.IsThrottled(Second));
        Assert.True(tracker.IsThrottled(Third));
    }

    [Fact]
    public void IPv6_addresses_in_one_64_bit_prefix_count_together()
    {
        var tracker = new FailureTracker(2, TimeSpan.FromMinutes(5), 100, _time);
        tracker.RecordFailure(IPAddress.Parse("2001:db8:1:2::1"));
        tracker.RecordFailure(IPAddress.Parse("2001:db8:1:2:ffff::9"));

        Assert.True(tracker.IsThrottled(IPAddress.Parse("2001:db8:1:2::77")));
        Assert.False(tracker.IsThrottled(IPAddress.Parse("2001:db8:1:3::1")));
    }

    [Fact]
    public void An_IPv4_mapped_address_counts_as_its_IPv4_address()
    {
        var tracker = new FailureTracker(2, TimeSpan.FromMinutes(5), 100, _time);
        tracker.RecordFailure(First);
        tracker.RecordFailure(First.MapToIPv6());

        Assert.True(tracker.IsThrottled(First));
    }
}
