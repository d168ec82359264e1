using Ferry.Core.Paths;

namespace Ferry.Core.Storage;

/// <summary>
/// An optional facet of a storage that can tell how much room is left (statvfs on a local disk).
/// A storage without it (object storage has no fixed size) answers nothing, and AVBL says so.
/// </summary>
public interface IStorageSpace
{
    /// <summary>Bytes an unprivileged writer can still store in the file system that holds <paramref name="directory"/>.</summary>
    ValueTask<long> AvailableBytesAsync(VfsPath directory, CancellationToken cancellationToken);
}
