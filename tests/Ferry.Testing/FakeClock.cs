using Microsoft.Extensions.Time.Testing;

namespace Ferry.Testing;

/// <summary>
/// The tests' one clock: FakeTimeProvider (time moves only on <see cref="FakeTimeProvider.Advance"/>, which fires
/// the timers that come due), plus a way to wait until the code under test has started a timer. Without that wait
/// a test that advances the clock can do so before the code's Task.Delay exists, and the delay then never ends.
/// </summary>
public sealed class FakeClock : FakeTimeProvider
{
    private static readonly DateTimeOffset DefaultStart = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly List<TaskCompletionSource> _timerWaiters = [];
    private int _pendingTimers;

    public FakeClock()
        : this(DefaultStart)
    {
    }

    public FakeClock(DateTimeOffset start)
        : base(start)
    {
    }

    /// <summary>Timers started on this clock and not yet disposed (a Task.Delay disposes its timer when it ends).</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _pendingTimers;
            }
        }
    }

    /// <summary>Completes once at least one timer is pending (already or later).</summary>
    public Task WaitForPendingTimerAsync()
    {
        lock (_gate)
        {
            if (_pendingTimers > 0)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _timerWaiters.Add(waiter);
            return waiter.Task;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new CountedTimer(this, base.CreateTimer(callback, state, dueTime, period));
        List<TaskCompletionSource> waiters;
        lock (_gate)
        {
            _pendingTimers++;
            waiters = [.. _timerWaiters];
            _timerWaiters.Clear();
        }

        foreach (var waiter in waiters)
        {
            waiter.TrySetResult();
        }

        return timer;
    }

    private void TimerDisposed()
    {
        lock (_gate)
        {
            _pendingTimers--;
        }
    }

    /// <summary>FakeTimeProvider's own timer, counted until its first Dispose.</summary>
    private sealed class CountedTimer(FakeClock owner, ITimer inner) : ITimer
    {
        private int _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.TimerDisposed();
            }

            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
