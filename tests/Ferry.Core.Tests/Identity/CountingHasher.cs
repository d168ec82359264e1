using Ferry.Core.Identity;

namespace Ferry.Core.Tests.Identity;

/// <summary>Wraps a real hasher and counts Verify calls, at once and in all; can hold them at a gate.</summary>
internal sealed class CountingHasher(IPasswordHasher inner, SemaphoreSlim? gate = null) : IPasswordHasher
{
    private readonly Lock _lock = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private int _inside;

    public int Calls { get; private set; }

    public int MaxConcurrent { get; private set; }

    public string Hash(string password) => inner.Hash(password);

    public bool Verify(string password, string hash)
    {
        List<TaskCompletionSource> reached;
        lock (_lock)
        {
            Calls++;
            _inside++;
            MaxConcurrent = Math.Max(MaxConcurrent, _inside);
            reached = [.. _waiters.Where(waiter => waiter.Count <= _inside).Select(waiter => waiter.Reached)];
            _waiters.RemoveAll(waiter => waiter.Count <= _inside);
        }

        reached.ForEach(waiter => waiter.TrySetResult());
        try
        {
            // Bounded so that a broken test fails instead of hanging the run.
            if (gate is not null && !gate.Wait(TimeSpan.FromSeconds(60)))
            {
                throw new TimeoutException("The test never opened the gate.");
            }

            return inner.Verify(password, hash);
        }
        finally
        {
            lock (_lock)
            {
                _inside--;
            }
        }
    }

    /// <summary>Completes once <paramref name="count"/> Verify calls are running at the same time.</summary>
    public Task WhenInsideAsync(int count)
    {
        lock (_lock)
        {
            if (_inside >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task;
        }
    }
}
