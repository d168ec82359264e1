using Ferry.Core.Files;
using Ferry.Core.Paths;
using Ferry.Core.Storage;

namespace Ferry.Core.Limits;

/// <summary>
/// One upload held to the request filter's largest file (<see cref="RequestFilter.MaxFileBytes"/>):
/// <paramref name="room"/> is what the file may still take from where the upload's first byte lands.
/// A piece that would cross it is refused with TooLarge and never written; what arrived before it
/// fitted. A new file cut short is removed when the upload ends (it can never be completed), as
/// <see cref="QuotaTicket"/> does for the quota; an old file is left to the storage's abort (a
/// replace keeps it whole).
/// </summary>
internal sealed class SizeCap(IStorage storage, VfsPath path, long room, bool newFile, string refusal, Action<string> refused)
{
    private long _written;
    private int _cleaned;

    public bool Exceeded { get; private set; }

    /// <summary>Room for the next <paramref name="count"/> bytes, or throws TooLarge (nothing of them is written).</summary>
    public void Take(int count)
    {
        if (_written + count > room)
        {
            Exceeded = true;
            refused(refusal);
            throw new StorageException(FileError.TooLarge, refusal);
        }

        _written += count;
    }

    /// <summary>Once, after an abort: the part of a new file the limit cut short goes.</summary>
    public async ValueTask AbortedAsync()
    {
        if (!Exceeded || !newFile || Interlocked.Exchange(ref _cleaned, 1) != 0)
        {
            return;
        }

        try
        {
            await storage.DeleteFileAsync(path, CancellationToken.None).ConfigureAwait(false);
        }
        catch (StorageException)
        {
            // Not there (the storage wrote beside it and dropped that) or not removable: nothing more to do.
        }
    }
}
