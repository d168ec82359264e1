using System.Net;
using Ferry.Core.Identity;

namespace Ferry.Core.Tests.Identity;

/// <summary>
/// The scheduler grants turns synchronously when a turn ends, so each test reads the order of grants
/// from which tasks have completed: no clock and no hashing is involved.
/// </summary>
public sealed class FairSchedulerTests
{
    private static readonly IPAddress A = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress B = IPAddress.Parse("192.0.2.2");
    private static readonly IPAddress C = IPAddress.Parse("192.0.2.3");
    private static readonly IPAddress D = IPAddress.Parse("192.0.2.4");

    /// <summary>Only a guard against a hung test, never a measure of speed.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Turns_up_to_the_concurrency_are_granted_at_once_and_the_next_when_one_ends()
    {
        var scheduler = new FairScheduler(concurrency: 2, maxPerAddress: 10);

        var first = scheduler.WaitTurnAsync(A, 1, default);
        var second = scheduler.WaitTurnAsync(B, 1, default);
        var third = scheduler.WaitTurnAsync(C, 1, default);

        Assert.True(first.IsCompletedSuccessfully);
        Assert.True(second.IsCompletedSuccessfully);
        Assert.False(third.IsCompleted);

        (await first)!.Dispose();
        Assert.NotNull(await third.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task Addresses_of_equal_standing_are_served_in_turn_one_each()
    {
        var scheduler = new FairScheduler(concurrency: 1, maxPerAddress: 10);
        var order = new List<string>();
        var pending = new Dictionary<string, Task<FairScheduler.HashTurn?>>();
        void Ask(string name, IPAddress address) => pending[name] = scheduler.WaitTurnAsync(address, 3, default);

        Ask("a1", A);
        Ask("a2", A);
        Ask("a3", A);
        Ask("b1", B);
        Ask("b2", B);
        Ask("c1", C);
        while (pending.Count > 0)
        {
            await RunNextAsync(pending, order);
        }

        Assert.Equal(["a1", "b1", "c1", "a2", "b2", "a3"], order);
        Assert.Equal(0, scheduler.Addresses);
    }

    [Fact]
    public async Task An_address_with_a_better_standing_goes_next_however_long_the_others_queues_are()
    {
        var scheduler = new FairScheduler(concurrency: 1, maxPerAddress: 10);
        var order = new List<string>();
        var pending = new Dictionary<string, Task<FairScheduler.HashTurn?>>();
        void Ask(string name, IPAddress address, int standing) => pending[name] = scheduler.WaitTurnAsync(address, standing, default);

        // A flood from A and B: the ban list holds more attempts against them with each one.
        for (var i = 1; i <= 4; i++)
        {
            Ask($"a{i}", A, i);
            Ask($"b{i}", B, i);
        }

        await RunNextAsync(pending, order); // a1, granted before anyone else asked

        // C, with only its own attempt counted, asks while b1 is granted: it goes next.
        Ask("c1", C, 1);
        while (pending.Count > 0)
        {
            await RunNextAsync(pending, order);
        }

        Assert.Equal(["a1", "b1", "c1", "a2", "b2", "a3", "b3", "a4", "b4"], order);
    }

    [Fact]
    public async Task An_address_keeps_the_worst_standing_its_waiting_requests_brought()
    {
        var scheduler = new FairScheduler(concurrency: 1, maxPerAddress: 10);
        var order = new List<string>();
        var pending = new Dictionary<string, Task<FairScheduler.HashTurn?>>();
        void Ask(string name, IPAddress address, int standing) => pending[name] = scheduler.WaitTurnAsync(address, standing, default);

        Ask("d1", D, 1);
        Ask("a1", A, 1);
        Ask("a2", A, 5);

        // B's standing is better than A's worst, though not better than A's first request.
        Ask("b1", B, 2);
        while (pending.Count > 0)
        {
            await RunNextAsync(pending, order);
        }

        Assert.Equal(["d1", "b1", "a1", "a2"], order);
    }

    [Fact]
    public async Task An_address_beyond_its_bound_is_refused_at_once_and_others_are_not()
    {
        var scheduler = new FairScheduler(concurrency: 1, maxPerAddress: 2);
        var running = await scheduler.WaitTurnAsync(A, 1, default);
        var waiting = scheduler.WaitTurnAsync(A, 1, default);

        var refused = scheduler.WaitTurnAsync(A, 1, default);
        var other = scheduler.WaitTurnAsync(B, 1, default);

        Assert.True(refused.IsCompletedSuccessfully);
        Assert.Null(await refused);
        Assert.False(other.IsCompleted);
        Assert.Equal(2, scheduler.Waiting);

        // Turns that end make room for the address again.
        running!.Dispose();
        (await other.WaitAsync(HangGuard))!.Dispose();
        (await waiting.WaitAsync(HangGuard))!.Dispose();
        Assert.NotNull(await scheduler.WaitTurnAsync(A, 1, default).WaitAsync(HangGuard));
    }

    [Fact]
    public async Task A_waiter_that_is_cancelled_leaves_the_queue_and_frees_its_place()
    {
        var scheduler = new FairScheduler(concurrency: 1, maxPerAddress: 2);
        var running = await scheduler.WaitTurnAsync(A, 1, default);
        using var cancellation = new CancellationTokenSource();
        var cancelled = scheduler.WaitTurnAsync(B, 1, cancellation.Token);
        var next = scheduler.WaitTurnAsync(C, 1, default);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(HangGuard));
        Assert.Equal(1, scheduler.Waiting);
        running!.Dispose();
        (await next.WaitAsync(HangGuard))!.Dispose();
        Assert.Equal(0, scheduler.Addresses);
    }

    [Fact]
    public async Task An_already_cancelled_token_is_refused_before_queueing()
    {
        var scheduler = new FairScheduler(concurrency: 1, maxPerAddress: 1);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scheduler.WaitTurnAsync(A, 1, new CancellationToken(canceled: true)));
        Assert.Equal(0, scheduler.Addresses);
    }

    [Fact]
    public async Task Ending_a_turn_twice_frees_one_turn_only()
    {
        var scheduler = new FairScheduler(concurrency: 1, maxPerAddress: 10);
        var turn = await scheduler.WaitTurnAsync(A, 1, default);
        var second = scheduler.WaitTurnAsync(B, 1, default);
        var third = scheduler.WaitTurnAsync(C, 1, default);

        turn!.Dispose();
        turn.Dispose();

        Assert.NotNull(await second.WaitAsync(HangGuard));
        Assert.False(third.IsCompleted);
    }

    [Fact]
    public void Impossible_bounds_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FairScheduler(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FairScheduler(1, 0));
    }

    /// <summary>With one turn at a time: exactly one pending request has its turn; record it and end it.</summary>
    private static async Task RunNextAsync(Dictionary<string, Task<FairScheduler.HashTurn?>> pending, List<string> order)
    {
        var granted = pending.Where(entry => entry.Value.IsCompleted).ToList();
        var (name, task) = Assert.Single(granted);
        pending.Remove(name);
        order.Add(name);
        (await task)!.Dispose();
    }
}
