using Ferry.Core.Files;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.Core.Storage.Memory;
using Ferry.Core.Storage.Mounted;
using static Ferry.Core.Tests.StorageText;

namespace Ferry.Core.Tests;

/// <summary>
/// A copy from one mounted storage into another streams through the server (FileTree). Its target
/// must not be seen while it grows, and must not overwrite a file another client made meanwhile
/// unless the copy may overwrite.
/// </summary>
public sealed class CopyAcrossMountsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static VfsPath P(string path) => VfsPath.Parse(path);

    private static FileService Service(IStorage source, IStorage reports) =>
        new(new MountedStorage(source, [new Mount(P("/reports"), reports)]),
            new Account("alice", "not-a-real-hash", "/srv/alice", Permissions.All, []));

    private static async Task<List<string>> NamesAsync(IStorage storage)
    {
        var names = new List<string>();
        await foreach (var entry in storage.ListAsync(VfsPath.Root, None))
        {
            names.Add(entry.Name);
        }

        return names;
    }

    [Fact]
    public async Task The_target_is_not_seen_while_the_copy_runs()
    {
        var reports = new InMemoryStorage();
        List<string>? seenDuringCopy = null;
        var source = new HookedSourceStorage(async () => seenDuringCopy = await NamesAsync(reports));
        await WriteAsync(source, "/a.txt", "base");

        Assert.True((await Service(source, reports).CopyAsync(P("/a.txt"), P("/reports/a.txt"), overwrite: false, recursive: false, None)).Ok);

        Assert.Equal([], seenDuringCopy);
        Assert.Equal("base", await ReadAsync(reports, "/a.txt"));
    }

    [Fact]
    public async Task A_file_another_client_made_meanwhile_stays_when_the_copy_may_not_overwrite()
    {
        var reports = new InMemoryStorage();
        var source = new HookedSourceStorage(() => new ValueTask(WriteAsync(reports, "/a.txt", "theirs")));
        await WriteAsync(source, "/a.txt", "base");

        Assert.Equal(FileError.Exists, (await Service(source, reports).CopyAsync(P("/a.txt"), P("/reports/a.txt"), overwrite: false, recursive: false, None)).Error);

        Assert.Equal("theirs", await ReadAsync(reports, "/a.txt"));
        Assert.Equal(["a.txt"], await NamesAsync(reports));
    }

    [Fact]
    public async Task A_file_another_client_made_meanwhile_is_replaced_when_the_copy_may_overwrite()
    {
        var reports = new InMemoryStorage();
        var source = new HookedSourceStorage(() => new ValueTask(WriteAsync(reports, "/a.txt", "theirs")));
        await WriteAsync(source, "/a.txt", "base");

        Assert.True((await Service(source, reports).CopyAsync(P("/a.txt"), P("/reports/a.txt"), overwrite: true, recursive: false, None)).Ok);

        Assert.Equal("base", await ReadAsync(reports, "/a.txt"));
        Assert.Equal(["a.txt"], await NamesAsync(reports));
    }

    [Fact]
    public async Task A_storage_that_cannot_write_out_of_sight_still_gets_the_copy()
    {
        var reports = new InMemoryStorage(InMemoryStorage.DefaultCapabilities & ~StorageCapabilities.AtomicCreate);
        List<string>? seenDuringCopy = null;
        var source = new HookedSourceStorage(async () => seenDuringCopy = await NamesAsync(reports));
        await WriteAsync(source, "/a.txt", "base");

        Assert.True((await Service(source, reports).CopyAsync(P("/a.txt"), P("/reports/a.txt"), overwrite: false, recursive: false, None)).Ok);

        Assert.Equal(["a.txt"], seenDuringCopy); // created first (CreateNew), as before
        Assert.Equal("base", await ReadAsync(reports, "/a.txt"));
    }

    /// <summary>An in-memory storage whose files, when read, call <paramref name="duringRead"/> at the first read: a moment inside a copy.</summary>
    private sealed class HookedSourceStorage(Func<ValueTask> duringRead) : ReadWrappingStorage
    {
        protected override IReadHandle Wrap(IReadHandle handle) => new HookedHandle(handle, duringRead);
    }

    private sealed class HookedHandle(IReadHandle inner, Func<ValueTask> duringRead) : IReadHandle
    {
        public long Length => inner.Length;

        public long Offset => inner.Offset;

        public Stream Content { get; } = new HookedStream(inner.Content, duringRead);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class HookedStream(Stream inner, Func<ValueTask> duringRead) : Stream
    {
        private bool _called;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_called)
            {
                _called = true;
                await duringRead();
            }

            return await inner.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("The copy reads asynchronously.");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
