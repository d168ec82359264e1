using Ferry.Core.Storage;

namespace Ferry.Core.Files;

/// <summary>
/// A listing whose first step already ran (so that "not found" is known before any entry is
/// sent), handed on as one enumerable that can be walked once. Entries with reserved names
/// (<see cref="ReservedNames"/>) are left out. Failures further on arrive as
/// <see cref="StorageException"/>, never as a backend's own exception.
/// </summary>
internal sealed class PrimedListing(IAsyncEnumerator<FileEntry> started, bool hasFirst) : IAsyncEnumerable<FileEntry>
{
    private int _taken;

    public static async ValueTask<PrimedListing> StartAsync(IAsyncEnumerable<FileEntry> listing, CancellationToken cancellationToken)
    {
        var enumerator = listing.GetAsyncEnumerator(cancellationToken);
        try
        {
            var hasFirst = await MoveToVisibleAsync(enumerator).ConfigureAwait(false);
            return new PrimedListing(enumerator, hasFirst);
        }
        catch
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Moves to the next entry whose name is not reserved; false at the end.</summary>
    private static async ValueTask<bool> MoveToVisibleAsync(IAsyncEnumerator<FileEntry> enumerator)
    {
        // Bounded by the listing: every round consumes one entry.
        while (await enumerator.MoveNextAsync().ConfigureAwait(false))
        {
            if (!ReservedNames.IsReserved(enumerator.Current.Name))
            {
                return true;
            }
        }

        return false;
    }

    public IAsyncEnumerator<FileEntry> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _taken, 1) != 0)
        {
            throw new InvalidOperationException("A listing can be enumerated only once.");
        }

        return new Enumerator(started, hasFirst);
    }

    private sealed class Enumerator(IAsyncEnumerator<FileEntry> inner, bool hasFirst) : IAsyncEnumerator<FileEntry>
    {
        private bool _firstPending = hasFirst;
        private bool _done = !hasFirst;

        public FileEntry Current { get; private set; } = null!;

        public async ValueTask<bool> MoveNextAsync()
        {
            if (_done)
            {
                return false;
            }

            if (_firstPending)
            {
                _firstPending = false;
                Current = inner.Current;
                return true;
            }

            try
            {
                if (await MoveToVisibleAsync(inner).ConfigureAwait(false))
                {
                    Current = inner.Current;
                    return true;
                }
            }
            catch (Exception e)
            {
                _done = true;
                throw StorageErrors.Translate(e);
            }

            _done = true;
            return false;
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
