using System.Runtime.CompilerServices;
using Ferry.Core.Paths;
using Ferry.Core.Storage;

namespace Ferry.Core.Tests;

/// <summary>An <see cref="IStorage"/> that records each call and fails with <see cref="Failure"/> when it is set.</summary>
internal sealed class FakeStorage : IStorage
{
    public List<string> Calls { get; } = [];

    public Exception? Failure { get; set; }

    public FileEntry? StatResult { get; set; } = new("f", false, 1, DateTimeOffset.UnixEpoch);

    public StorageCapabilities Capabilities { get; set; } = StorageCapabilities.Append | StorageCapabilities.AtomicDirectoryRename;

    public bool PortableNames { get; set; }

    public ValueTask<FileEntry?> StatAsync(VfsPath path, CancellationToken cancellationToken) => Call($"stat {path}", StatResult);

    public async IAsyncEnumerable<FileEntry> ListAsync(VfsPath directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Call($"list {directory}", 0);

        // Reserved names first and between: FileService must leave both out.
        yield return new FileEntry(ReservedNames.Prefix + "1.tmp", false, 1, DateTimeOffset.UnixEpoch);
        yield return new FileEntry("one", false, 1, DateTimeOffset.UnixEpoch);
        yield return new FileEntry(ReservedNames.Prefix + "2.tmp", false, 1, DateTimeOffset.UnixEpoch);
        yield return new FileEntry("two", true, 0, DateTimeOffset.UnixEpoch);
    }

    public ValueTask<IReadHandle> OpenReadAsync(VfsPath path, long offset, CancellationToken cancellationToken) =>
        Call<IReadHandle>($"read {path} {offset}", null!);

    public ValueTask<IUploadHandle> OpenWriteAsync(VfsPath path, WriteMode mode, long offset, CancellationToken cancellationToken) =>
        Call<IUploadHandle>($"write {path} {mode} {offset}", null!);

    public ValueTask CreateDirectoryAsync(VfsPath path, CancellationToken cancellationToken) => Call($"mkdir {path}");

    public ValueTask DeleteFileAsync(VfsPath path, CancellationToken cancellationToken) => Call($"delete {path}");

    public ValueTask DeleteDirectoryAsync(VfsPath path, CancellationToken cancellationToken) => Call($"rmdir {path}");

    public ValueTask RenameAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken) => Call($"rename {from} {to} {overwrite}");

    public ValueTask CopyAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken) => Call($"copy {from} {to} {overwrite}");

    public ValueTask SetLastModifiedAsync(VfsPath path, DateTimeOffset lastModified, CancellationToken cancellationToken) => Call($"touch {path}");

    public ValueTask SetModeAsync(VfsPath path, UnixFileMode mode, CancellationToken cancellationToken) => Call($"chmod {path}");

    private ValueTask<T> Call<T>(string call, T result)
    {
        Calls.Add(call);
        return Failure is null ? ValueTask.FromResult(result) : ValueTask.FromException<T>(Failure);
    }

    private ValueTask Call(string call)
    {
        Calls.Add(call);
        return Failure is null ? ValueTask.CompletedTask : ValueTask.FromException(Failure);
    }
}
