namespace Ferry.Core.Access.Locks;

/// <summary>
/// A short-lived claim that one writer is changing a file now (an upload in progress), so that a
/// second writer to the same file is refused instead of interleaving its bytes with the first's.
/// Separate from explicit locks: an account's own lock does not keep it from writing, but two
/// writers never write one file at once, whoever they are. Disposing ends the claim; only the
/// claim that is held is released, so disposing twice is harmless.
/// </summary>
public sealed class WriteClaim : IAsyncDisposable
{
    private readonly Func<WriteClaim, ValueTask> _release;
    private int _released;

    /// <param name="release">Ends this claim in the table that granted it.</param>
    public WriteClaim(LockKey target, string owner, DateTimeOffset since, Func<WriteClaim, ValueTask> release)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentNullException.ThrowIfNull(release);
        Target = target;
        Owner = owner;
        Since = since;
        _release = release;
    }

    /// <summary>The file being written.</summary>
    public LockKey Target { get; }

    /// <summary>The account writing it.</summary>
    public string Owner { get; }

    /// <summary>When the claim was granted.</summary>
    public DateTimeOffset Since { get; }

    public ValueTask DisposeAsync() =>
        Interlocked.Exchange(ref _released, 1) == 0 ? _release(this) : ValueTask.CompletedTask;
}
