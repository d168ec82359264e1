using System.Runtime.CompilerServices;
using Ferry.Core.Storage;

namespace Ferry.Core.Files;

/// <summary>
/// A listing whose first step already ran (so that "not found" is known before any entry is
/// sent), handed on as one enumerable that can be walked once. Entries with reserved names
/// (<see cref="ReservedNames"/>) and names the request filter hides are left out. Failures further
/// on arrive as <see cref="StorageException"/>, never as a backend's own exception.
/// </summary>
/// <remarks>
/// It stands between every protocol and every listed entry, so it is written for a listing that
/// completes at once (local disk): while the backend's step is already done, a step here is a plain
/// call with no state machine and no allocation; only a backend that really waits takes the awaiting path.
/// </remarks>
internal sealed class PrimedListing : IAsyncEnumerable<FileEntry>
{
    private readonly IAsyncEnumerator<FileEntry> _started;
    private readonly bool _hasFirst;
    private int _taken;

    private PrimedListing(IAsyncEnumerator<FileEntry> started, bool hasFirst)
    {
        _started = started;
        _hasFirst = hasFirst;
    }

    public static async ValueTask<PrimedListing> StartAsync(IAsyncEnumerable<FileEntry> listing, RequestFilter filter, CancellationToken cancellationToken)
    {
        var enumerator = new Enumerator(listing.GetAsyncEnumerator(cancellationToken), filter);
        try
        {
            var hasFirst = await enumerator.MoveNextAsync().ConfigureAwait(false);
            return new PrimedListing(enumerator, hasFirst);
        }
        catch
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public IAsyncEnumerator<FileEntry> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _taken, 1) != 0)
        {
            throw new InvalidOperationException("A listing can be enumerated only once.");
        }

        return new Primed(_started, _hasFirst);
    }

    /// <summary>Hands out the entry the start already moved to, then continues the listing.</summary>
    private sealed class Primed(IAsyncEnumerator<FileEntry> inner, bool hasFirst) : IAsyncEnumerator<FileEntry>
    {
        // Before the first step: the entry the start moved to (if any) is not handed out yet.
        private bool _before = true;

        public FileEntry Current => inner.Current;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public ValueTask<bool> MoveNextAsync()
        {
            if (_before)
            {
                _before = false;
                return ValueTask.FromResult(hasFirst);
            }

            return hasFirst ? inner.MoveNextAsync() : ValueTask.FromResult(false);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    /// <summary>The backend's entries without the reserved and hidden ones, its failures translated.</summary>
    private sealed class Enumerator(IAsyncEnumerator<FileEntry> inner, RequestFilter filter) : IAsyncEnumerator<FileEntry>
    {
        private readonly bool _filters = !filter.HiddenSegments.IsDefaultOrEmpty;
        private bool _done;

        public FileEntry Current { get; private set; } = null!;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public ValueTask<bool> MoveNextAsync()
        {
            // Bounded by the listing: every round consumes one entry.
            while (!_done)
            {
                ValueTask<bool> next;
                try
                {
                    next = inner.MoveNextAsync();
                }
                catch (Exception e)
                {
                    _done = true;
                    return ValueTask.FromException<bool>(StorageErrors.Translate(e));
                }

                if (!next.IsCompletedSuccessfully)
                {
                    return AwaitAsync(next);
                }

                if (Take(next.Result))
                {
                    return ValueTask.FromResult(true);
                }
            }

            return ValueTask.FromResult(false);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();

        /// <summary>The backend's step was not done at once (or failed): the rest of this step awaits.</summary>
        private async ValueTask<bool> AwaitAsync(ValueTask<bool> pending)
        {
            try
            {
                var moved = await pending.ConfigureAwait(false);
                // Bounded by the listing: every round consumes one entry.
                while (!Take(moved))
                {
                    if (_done)
                    {
                        return false;
                    }

                    moved = await inner.MoveNextAsync().ConfigureAwait(false);
                }

                return true;
            }
            catch (Exception e)
            {
                _done = true;
                throw StorageErrors.Translate(e);
            }
        }

        /// <summary>Takes the backend's current entry when it may be shown; false when it is left out or the listing ended.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private bool Take(bool moved)
        {
            if (!moved)
            {
                _done = true;
                return false;
            }

            var entry = inner.Current;
            if (ReservedNames.IsReserved(entry.Name) || (_filters && filter.HidesName(entry.Name)))
            {
                return false;
            }

            Current = entry;
            return true;
        }
    }
}
