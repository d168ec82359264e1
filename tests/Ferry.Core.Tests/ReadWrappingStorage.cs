using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.Core.Storage.Memory;

namespace Ferry.Core.Tests;

/// <summary>
/// An in-memory storage whose read handles a test wraps (<see cref="Wrap"/>): to give them a facet a
/// local disk's have, or to act at a moment inside a read. Every other call goes to the storage as is.
/// </summary>
internal abstract class ReadWrappingStorage : IStorage
{
    private readonly InMemoryStorage _inner = new();

    public StorageCapabilities Capabilities => _inner.Capabilities;

    protected abstract IReadHandle Wrap(IReadHandle handle);

    public ValueTask<FileEntry?> StatAsync(VfsPath path, CancellationToken cancellationToken) => _inner.StatAsync(path, cancellationToken);

    public IAsyncEnumerable<FileEntry> ListAsync(VfsPath directory, CancellationToken cancellationToken) => _inner.ListAsync(directory, cancellationToken);

    public async ValueTask<IReadHandle> OpenReadAsync(VfsPath path, long offset, CancellationToken cancellationToken) =>
        Wrap(await _inner.OpenReadAsync(path, offset, cancellationToken));

    public ValueTask<IUploadHandle> OpenWriteAsync(VfsPath path, WriteMode mode, long offset, CancellationToken cancellationToken) =>
        _inner.OpenWriteAsync(path, mode, offset, cancellationToken);

    public ValueTask CreateDirectoryAsync(VfsPath path, CancellationToken cancellationToken) => _inner.CreateDirectoryAsync(path, cancellationToken);

    public ValueTask DeleteFileAsync(VfsPath path, CancellationToken cancellationToken) => _inner.DeleteFileAsync(path, cancellationToken);

    public ValueTask DeleteDirectoryAsync(VfsPath path, CancellationToken cancellationToken) => _inner.DeleteDirectoryAsync(path, cancellationToken);

    public ValueTask RenameAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken) => _inner.RenameAsync(from, to, overwrite, cancellationToken);

    public ValueTask CopyAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken) => _inner.CopyAsync(from, to, overwrite, cancellationToken);

    public ValueTask SetLastModifiedAsync(VfsPath path, DateTimeOffset lastModified, CancellationToken cancellationToken) =>
        _inner.SetLastModifiedAsync(path, lastModified, cancellationToken);

    public ValueTask SetModeAsync(VfsPath path, UnixFileMode mode, CancellationToken cancellationToken) => _inner.SetModeAsync(path, mode, cancellationToken);
}
