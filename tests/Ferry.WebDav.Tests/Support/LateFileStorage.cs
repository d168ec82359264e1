using System.Text;
using Ferry.Core.Paths;
using Ferry.Core.Storage;

namespace Ferry.WebDav.Tests.Support;

/// <summary>
/// A storage where another client creates <paramref name="path"/> just after the first stat found
/// nothing: the race between a PUT's look and its write.
/// </summary>
internal sealed class LateFileStorage(IStorage inner, VfsPath path, string content) : IStorage
{
    private bool _created;

    public StorageCapabilities Capabilities => inner.Capabilities;

    public async ValueTask<FileEntry?> StatAsync(VfsPath target, CancellationToken cancellationToken)
    {
        var entry = await inner.StatAsync(target, cancellationToken);
        if (target == path && !_created)
        {
            _created = true;
            var upload = await inner.OpenWriteAsync(path, WriteMode.Replace, 0, cancellationToken);
            await upload.Content.WriteAsync(Encoding.UTF8.GetBytes(content), cancellationToken);
            await upload.CommitAsync(cancellationToken);
        }

        return entry;
    }

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
