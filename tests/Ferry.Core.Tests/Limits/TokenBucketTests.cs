using Ferry.Core.Limits;
using Ferry.Testing;

namespace Ferry.Core.Tests.Limits;

/// <summary>The bucket's arithmetic on an injected clock: no real time passes in these tests.</summary>
public class TokenBucketTests
{
    private const long Rate = 1_000_000;

    private readonly FakeClock _clock = new();

    [Fact]
    public void The_burst_is_a_tenth_of_a_second_of_traffic_and_at_least_4_KiB()
    {
        Assert.Equal(100_000, new TokenBucket(Rate, _clock).BurstBytes);
        Assert.Equal(TokenBucket.MinBurstBytes, new TokenBucket(2048, _clock).BurstBytes);
    }

    [Fact]
    public void A_full_bucket_gives_a_burst_at_once()
    {
        var bucket = new TokenBucket(Rate, _clock);
        Assert.Equal(TimeSpan.Zero, bucket.Take(bucket.BurstBytes));
    }

    [Fact]
    public void An_overdraw_waits_exactly_for_the_debt_at_the_rate()
    {
        var bucket = new TokenBucket(Rate, _clock);
        bucket.Take(bucket.BurstBytes);
        Assert.Equal(TimeSpan.FromSeconds(1), bucket.Take(Rate));
    }

    [Fact]
    public void Debts_queue_up_behind_each_other()
    {
        var bucket = new TokenBucket(Rate, _clock);
        bucket.Take(bucket.BurstBytes);
        Assert.Equal(TimeSpan.FromSeconds(0.5), bucket.Take(Rate / 2));
        Assert.Equal(TimeSpan.FromSeconds(1), bucket.Take(Rate / 2));
    }

    [Fact]
    public void Tokens_refill_from_the_time_that_passed()
    {
        var bucket = new TokenBucket(Rate, _clock);
        bucket.Take(bucket.BurstBytes);
        _clock.Advance(TimeSpan.FromSeconds(0.05));
        Assert.Equal(TimeSpan.Zero, bucket.Take(Rate / 20));
        Assert.Equal(TimeSpan.FromSeconds(0.05), bucket.Take(Rate / 20));
    }

    [Fact]
    public void A_long_pause_saves_no_more_than_one_burst()
    {
        var bucket = new TokenBucket(Rate, _clock);
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(TimeSpan.FromSeconds(1), bucket.Take(bucket.BurstBytes + Rate));
    }

    [Fact]
    public void Paying_a_debt_by_waiting_leaves_the_bucket_empty_not_in_credit()
    {
        var bucket = new TokenBucket(Rate, _clock);
        bucket.Take(bucket.BurstBytes);
        var wait = bucket.Take(Rate);
        _clock.Advance(wait);
        Assert.Equal(TimeSpan.FromSeconds(0.25), bucket.Take(Rate / 4));
    }

    [Fact]
    public void Takes_from_many_threads_add_up_to_the_same_debt()
    {
        var bucket = new TokenBucket(Rate, _clock);
        bucket.Take(bucket.BurstBytes);
        const int Takers = 8;
        const int TakesEach = 1000;
        Parallel.For(0, Takers, _ =>
        {
            for (var i = 0; i < TakesEach; i++)
            {
                bucket.Take(100);
            }
        });

        // 800,000 bytes owed at 1 MB/s: the next byte waits 0.8 s (plus its own microsecond).
        Assert.Equal(TimeSpan.FromSeconds(0.800001), bucket.Take(1));
    }

    [Fact]
    public void A_throttle_waits_for_the_longer_of_its_two_debts()
    {
        var account = new TokenBucket(Rate, _clock);
        var global = new TokenBucket(Rate * 2, _clock);
        var throttle = new Throttle(account, global, _clock);
        Assert.Equal(100_000, throttle.PieceBytes);
        throttle.Take(200_000);

        // The account owes 0.1 s, the server 0 (its burst is 200,000); the next MB: 1.1 s and 0.5 s.
        Assert.Equal(TimeSpan.FromSeconds(1.1), throttle.Take(Rate));
    }

    [Fact]
    public async Task TakeAsync_returns_at_once_with_tokens_and_after_the_debt_without()
    {
        var throttle = new Throttle(new TokenBucket(Rate, _clock), null, _clock);
        Assert.True(throttle.TakeAsync(100_000, CancellationToken.None).IsCompleted);

        var waiting = throttle.TakeAsync(Rate, CancellationToken.None);
        await _clock.WaitForPendingTimerAsync();
        Assert.False(waiting.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(0.999));
        Assert.False(waiting.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(0.001));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
