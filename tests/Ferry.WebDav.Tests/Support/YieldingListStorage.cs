using System.Runtime.CompilerServices;
using Ferry.Core.Paths;
using Ferry.Core.Storage;

namespace Ferry.WebDav.Tests.Support;

/// <summary>
/// A storage whose listings do not complete at once: every <paramref name="every"/>th step of a
/// listing yields, as a listing of a remote store would wait, so the listing's awaiting path is taken.
/// </summary>
internal sealed class YieldingListStorage(IStorage inner, int every) : IStorage
{
    public StorageCapabilities Capabilities => inner.Capabilities;

    public ValueTask<FileEntry?> StatAsync(VfsPath target, CancellationToken cancellationToken) => inner.StatAsync(target, cancellationToken);

    public async IAsyncEnumerable<FileEntry> ListAsync(VfsPath directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var entry in inner.ListAsync(directory, cancellationToken))
        {
            if (count++ % every == 0)
            {
                await Task.Yield();
            }

            yield return entry;
        }
    }

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
