using Ferry.Core.Paths;
using Ferry.Core.Storage;

namespace Ferry.WebDav.Tests.Support;

/// <summary>A storage with a raw listing (<see cref="IRawListing"/>) that counts how often it was opened, so a test sees that the raw way was taken.</summary>
internal sealed class RawCountingStorage<T>(T inner) : IStorage, IRawListing
    where T : IStorage, IRawListing
{
    private int _rawOpened;

    public int RawOpened => Volatile.Read(ref _rawOpened);

    public StorageCapabilities Capabilities => inner.Capabilities;

    public IRawEntryReader OpenRaw(VfsPath directory)
    {
        Interlocked.Increment(ref _rawOpened);
        return inner.OpenRaw(directory);
    }

    public ValueTask<FileEntry?> StatAsync(VfsPath target, CancellationToken cancellationToken) => inner.StatAsync(target, cancellationToken);

    public IAsyncEnumerable<FileEntry> ListAsync(VfsPath directory, CancellationToken cancellationToken) => inner.ListAsync(directory, cancellationToken);

    public ValueTask<IReadHandle> OpenReadAsync(VfsPath target, long offset, CancellationToken cancellationToken) => inner.OpenReadAsync(target, offset, cancellationToken);

    public ValueTask<IUploadHandle> OpenWriteAsync(VfsPath target, WriteMode mode, long offset, CancellationToken cancellationToken) => inner.OpenWriteAsync(target, mode, offset, cancellationToken);

    public ValueTask CreateDirectoryAsync(VfsPath target, CancellationToken cancellationToken) => inner.CreateDirectoryAsync(target, cancellationToken);

    public ValueTask DeleteFileAsync(VfsPath target, CancellationToken cancellationToken) => inner.DeleteFileAsync(target, cancellationToken);

    public ValueTask DeleteDirectoryAsync(VfsPath target, CancellationToken cancellationToken) => inner.DeleteDirectoryAsync(target, cancellationToken);

    public ValueTask RenameAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken) => inner.RenameAsync(from, to, overwrite, cancellationToken);

    public ValueTask CopyAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken) => inner.CopyAsync(from, to, overwrite, cancellationToken);

    public ValueTask SetLastModifiedAsync(VfsPath target, DateTimeOffset lastModified, CancellationToken cancellationToken) => inner.SetLastModifiedAsync(target, lastModified, cancellationToken);

    public ValueTask SetModeAsync(VfsPath target, UnixFileMode mode, CancellationToken cancellationToken) => inner.SetModeAsync(target, mode, cancellationToken);
}
