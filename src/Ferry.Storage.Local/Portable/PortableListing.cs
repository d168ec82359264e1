using Ferry.Core.Storage;

namespace Ferry.Storage.Local;

/// <summary>
/// A folder's entries from .NET's enumeration, one at a time (nothing collected into a list). The
/// folder is found and checked on the first step, so a missing folder or a file fails there.
/// </summary>
internal sealed class PortableListing(Func<IEnumerable<FileSystemInfo>> open, Func<FileSystemInfo, FileEntry?> describe) : IAsyncEnumerable<FileEntry>
{
    public IAsyncEnumerator<FileEntry> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new Enumerator(open, describe, cancellationToken);

    private sealed class Enumerator(Func<IEnumerable<FileSystemInfo>> open, Func<FileSystemInfo, FileEntry?> describe, CancellationToken cancellationToken)
        : IAsyncEnumerator<FileEntry>
    {
        private IEnumerator<FileSystemInfo>? _entries;
        private bool _done;

        public FileEntry Current { get; private set; } = null!;

        public ValueTask<bool> MoveNextAsync()
        {
            try
            {
                return ValueTask.FromResult(MoveNext());
            }
            catch (Exception e)
            {
                return ValueTask.FromException<bool>(PortableErrors.Translate(e));
            }
        }

        public ValueTask DisposeAsync()
        {
            _done = true;
            _entries?.Dispose();
            _entries = null;
            return ValueTask.CompletedTask;
        }

        private bool MoveNext()
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_done)
            {
                return false;
            }

            _entries ??= open().GetEnumerator();

            // Bounded by the folder's size: the enumeration gives each entry once, then ends.
            while (_entries.MoveNext())
            {
                if (describe(_entries.Current) is { } entry)
                {
                    Current = entry;
                    return true;
                }
            }

            _ = DisposeAsync();
            return false;
        }
    }
}
