using Ferry.Core.Identity;

namespace Ferry.Core.Tests.Identity;

/// <summary>Wraps a real hasher, records the passwords in the order their checks start, and holds each check at a gate.</summary>
internal sealed class RecordingHasher(IPasswordHasher inner, SemaphoreSlim gate) : IPasswordHasher
{
    private readonly Lock _lock = new();
    private readonly List<string> _started = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];

    /// <summary>The passwords checked so far, in the order the checks started.</summary>
    public IReadOnlyList<string> Started
    {
        get
        {
            lock (_lock)
            {
                return [.. _started];
            }
        }
    }

    public string Hash(string password) => inner.Hash(password);

    public bool Verify(string password, string hash)
    {
        List<TaskCompletionSource> reached;
        lock (_lock)
        {
            _started.Add(password);
            reached = [.. _waiters.Where(waiter => waiter.Count <= _started.Count).Select(waiter => waiter.Reached)];
            _waiters.RemoveAll(waiter => waiter.Count <= _started.Count);
        }

        reached.ForEach(waiter => waiter.TrySetResult());

        // Bounded so that a broken test fails instead of hanging the run.
        if (!gate.Wait(TimeSpan.FromSeconds(60)))
        {
            throw new TimeoutException("The test never opened the gate.");
        }

        return inner.Verify(password, hash);
    }

    /// <summary>Completes once <paramref name="count"/> checks have started.</summary>
    public Task WhenStartedAsync(int count)
    {
        lock (_lock)
        {
            if (_started.Count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task;
        }
    }
}
