using Ferry.Core.Paths;
using Ferry.Core.Storage;

namespace Ferry.Testing;

/// <summary>
/// <paramref name="inner"/> with its raw listing (<see cref="IRawListing"/>) offered and each folder
/// it opens counted, so a test sees that the raw way was taken.
/// </summary>
public sealed class CountingRawStorage<TStorage>(TStorage inner) : ForwardingStorage(inner), IRawListing
    where TStorage : IStorage, IRawListing
{
    private readonly IRawListing _raw = inner;
    private int _opened;

    /// <summary>How many folders were read raw so far.</summary>
    public int Opened => Volatile.Read(ref _opened);

    public IRawEntryReader OpenRaw(VfsPath directory)
    {
        Interlocked.Increment(ref _opened);
        return _raw.OpenRaw(directory);
    }
}
