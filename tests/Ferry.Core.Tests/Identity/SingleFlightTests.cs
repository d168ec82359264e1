using Ferry.Core.Identity;

namespace Ferry.Core.Tests.Identity;

public sealed class SingleFlightTests
{
    /// <summary>Only a guard against a hung test, never a measure of speed.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private readonly SingleFlight<string, int> _flights = new();

    [Fact]
    public async Task Callers_of_one_key_share_one_run_and_its_result()
    {
        var runs = 0;
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> Work(CancellationToken token)
        {
            Interlocked.Increment(ref runs);
            return release.Task;
        }

        var callers = Enumerable.Range(0, 10).Select(_ => _flights.RunAsync("k", Work, default)).ToArray();
        Assert.Equal(1, _flights.InFlight);
        release.SetResult(42);
        var results = await Task.WhenAll(callers).WaitAsync(HangGuard);

        Assert.All(results, result => Assert.Equal(42, result));
        Assert.Equal(1, runs);
        Assert.Equal(0, _flights.InFlight);
    }

    [Fact]
    public async Task Different_keys_run_separately()
    {
        var runs = 0;
        Task<int> Work(CancellationToken token) => Task.FromResult(Interlocked.Increment(ref runs));

        var first = await _flights.RunAsync("a", Work, default);
        var second = await _flights.RunAsync("b", Work, default);

        Assert.Equal(2, runs);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task A_finished_run_is_not_reused()
    {
        var runs = 0;
        Task<int> Work(CancellationToken token) => Task.FromResult(Interlocked.Increment(ref runs));

        await _flights.RunAsync("k", Work, default);
        await _flights.RunAsync("k", Work, default);

        Assert.Equal(2, runs);
        Assert.Equal(0, _flights.InFlight);
    }

    [Fact]
    public async Task A_cancelled_caller_stops_waiting_without_cancelling_the_work_for_the_others()
    {
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var workToken = CancellationToken.None;
        Task<int> Work(CancellationToken token)
        {
            workToken = token;
            return release.Task;
        }

        using var cancellation = new CancellationTokenSource();
        var cancelled = _flights.RunAsync("k", Work, cancellation.Token);
        var other = _flights.RunAsync("k", Work, default);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(HangGuard));
        Assert.False(workToken.IsCancellationRequested);
        release.SetResult(7);
        Assert.Equal(7, await other.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task When_every_caller_is_cancelled_the_work_is_cancelled_and_forgotten()
    {
        var workToken = CancellationToken.None;
        var runs = 0;
        Task<int> Work(CancellationToken token)
        {
            runs++;
            workToken = token;
            return Task.Delay(Timeout.InfiniteTimeSpan, token).ContinueWith(_ => 0, TaskScheduler.Default);
        }

        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        var one = _flights.RunAsync("k", Work, first.Token);
        var two = _flights.RunAsync("k", Work, second.Token);

        await first.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => one.WaitAsync(HangGuard));
        Assert.False(workToken.IsCancellationRequested);

        await second.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => two.WaitAsync(HangGuard));
        Assert.True(workToken.IsCancellationRequested);
        Assert.Equal(0, _flights.InFlight);

        var fresh = _flights.RunAsync("k", _ => Task.FromResult(5), default);
        Assert.Equal(5, await fresh.WaitAsync(HangGuard));
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task A_failure_reaches_every_caller_and_is_forgotten()
    {
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var one = _flights.RunAsync("k", _ => release.Task, default);
        var two = _flights.RunAsync("k", _ => release.Task, default);

        release.SetException(new InvalidOperationException("boom"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => one.WaitAsync(HangGuard));
        await Assert.ThrowsAsync<InvalidOperationException>(() => two.WaitAsync(HangGuard));
        Assert.Equal(0, _flights.InFlight);
    }

    [Fact]
    public async Task An_already_cancelled_caller_starts_nothing()
    {
        var runs = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _flights.RunAsync("k", _ => Task.FromResult(++runs), new CancellationToken(canceled: true)));

        Assert.Equal(0, runs);
        Assert.Equal(0, _flights.InFlight);
    }
}
