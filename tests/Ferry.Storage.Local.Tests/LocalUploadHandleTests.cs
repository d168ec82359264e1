using System.Runtime.Versioning;
using System.Text;
using Ferry.Core.Files;
using Ferry.Core.Paths;
using Ferry.Core.Storage;

namespace Ferry.Storage.Local.Tests;

/// <summary>When an upload's file comes into being, and what commit flushes to make it durable.</summary>
[SupportedOSPlatform("linux")]
public sealed class LocalUploadHandleTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly TempTree _tree = new();
    private readonly RecordingDiskFlush _disk = new();

    public void Dispose() => _tree.Dispose();

    private LocalStorage Storage(bool flush = true) =>
        new(_tree.Root, LocalStorageOptions.Default with { FlushOnCommit = flush }, preferOpenat2: true, _disk);

    private static VfsPath P(string path) => VfsPath.Parse(path);

    [Fact]
    public async Task A_new_file_is_created_only_when_its_first_byte_is_written()
    {
        using var storage = Storage();
        await using var upload = await storage.OpenWriteAsync(P("/new.txt"), WriteMode.Replace, 0, None);
        Assert.False(File.Exists(_tree.InRoot("new.txt")));

        await upload.Content.FlushAsync();
        Assert.False(File.Exists(_tree.InRoot("new.txt")));

        await upload.Content.WriteAsync(Encoding.UTF8.GetBytes("first"));
        Assert.True(File.Exists(_tree.InRoot("new.txt")));
        await upload.CommitAsync(None);
        Assert.Equal("first", _tree.Read("new.txt"));
    }

    [Fact]
    public async Task A_new_file_whose_upload_is_aborted_before_any_data_leaves_nothing()
    {
        using var storage = Storage();
        await using (var upload = await storage.OpenWriteAsync(P("/new.txt"), WriteMode.Replace, 0, None))
        {
            await upload.AbortAsync();
        }

        Assert.Empty(Directory.GetFileSystemEntries(_tree.Root));
    }

    [Fact]
    public async Task A_new_file_whose_upload_is_disposed_before_any_data_leaves_nothing()
    {
        using var storage = Storage();
        await using (await storage.OpenWriteAsync(P("/new.txt"), WriteMode.Replace, 0, None))
        {
        }

        Assert.Empty(Directory.GetFileSystemEntries(_tree.Root));
    }

    [Fact]
    public async Task An_empty_upload_still_makes_its_empty_file_at_commit()
    {
        using var storage = Storage();
        await using (var upload = await storage.OpenWriteAsync(P("/empty.txt"), WriteMode.Replace, 0, None))
        {
            await upload.Content.WriteAsync(ReadOnlyMemory<byte>.Empty);
            Assert.False(File.Exists(_tree.InRoot("empty.txt")));
            await upload.CommitAsync(None);
        }

        Assert.Equal(0, new FileInfo(_tree.InRoot("empty.txt")).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(_tree.InRoot("empty.txt")));
    }

    [Fact]
    public async Task A_new_file_written_through_the_receive_facet_is_created_when_the_facet_gives_out_the_file()
    {
        using var storage = Storage();
        await using var upload = await storage.OpenWriteAsync(P("/new.txt"), WriteMode.Replace, 0, None);
        var local = upload.GetFacet<IReceivableFile>()!;
        Assert.Equal(0, local.Position);
        Assert.False(File.Exists(_tree.InRoot("new.txt")));

        var bytes = Encoding.UTF8.GetBytes("spliced");
        RandomAccess.Write(local.File, bytes, local.Position);
        local.Position += bytes.Length;
        await upload.CommitAsync(None);
        Assert.Equal("spliced", _tree.Read("new.txt"));
    }

    [Fact]
    public async Task A_file_created_by_someone_else_before_the_first_byte_is_not_overwritten()
    {
        using var storage = Storage();
        await using var upload = await storage.OpenWriteAsync(P("/new.txt"), WriteMode.Replace, 0, None);
        _tree.Write("new.txt", "theirs");

        var error = await Assert.ThrowsAsync<StorageException>(async () => await upload.Content.WriteAsync(Encoding.UTF8.GetBytes("mine")));
        Assert.Equal(FileError.Exists, error.Error);
        Assert.Equal("theirs", _tree.Read("new.txt"));
    }

    [Fact]
    public async Task Commit_of_a_new_file_flushes_the_file_and_then_its_folder()
    {
        Directory.CreateDirectory(_tree.InRoot("sub"));
        using var storage = Storage();
        await using (var upload = await storage.OpenWriteAsync(P("/sub/new.txt"), WriteMode.Replace, 0, None))
        {
            await upload.Content.WriteAsync(Encoding.UTF8.GetBytes("x"));
            await upload.CommitAsync(None);
        }

        Assert.Equal(["file " + _tree.InRoot("sub/new.txt"), "folder " + _tree.InRoot("sub")], _disk.Flushed);
    }

    [Theory]
    [InlineData(WriteMode.CreateNew)]
    [InlineData(WriteMode.Append)]
    public async Task Commit_of_a_file_created_in_place_flushes_its_folder(WriteMode mode)
    {
        using var storage = Storage();
        await using (var upload = await storage.OpenWriteAsync(P("/new.txt"), mode, 0, None))
        {
            await upload.Content.WriteAsync(Encoding.UTF8.GetBytes("x"));
            await upload.CommitAsync(None);
        }

        Assert.Equal(["file " + _tree.InRoot("new.txt"), "folder " + _tree.Root], _disk.Flushed);
    }

    [Fact]
    public async Task Commit_of_a_replace_flushes_the_folder_after_the_rename()
    {
        _tree.Write("f.txt", "old");
        using var storage = Storage();
        await using (var upload = await storage.OpenWriteAsync(P("/f.txt"), WriteMode.Replace, 0, None))
        {
            await upload.Content.WriteAsync(Encoding.UTF8.GetBytes("new"));
            await upload.CommitAsync(None);
        }

        Assert.Equal(2, _disk.Flushed.Count);
        Assert.StartsWith("file " + _tree.Root, _disk.Flushed[0]);
        Assert.Equal("folder " + _tree.Root, _disk.Flushed[1]);
        Assert.Equal("new", _tree.Read("f.txt"));
    }

    [Fact]
    public async Task Writing_into_an_existing_file_in_place_flushes_only_the_file()
    {
        _tree.Write("f.txt", "0123");
        using var storage = Storage();
        await using (var upload = await storage.OpenWriteAsync(P("/f.txt"), WriteMode.WriteAt, 2, None))
        {
            await upload.Content.WriteAsync(Encoding.UTF8.GetBytes("ab"));
            await upload.CommitAsync(None);
        }

        Assert.Equal(["file " + _tree.InRoot("f.txt")], _disk.Flushed);
    }

    [Fact]
    public async Task Nothing_is_flushed_when_the_options_say_so()
    {
        using var storage = Storage(flush: false);
        await using (var upload = await storage.OpenWriteAsync(P("/new.txt"), WriteMode.Replace, 0, None))
        {
            await upload.Content.WriteAsync(Encoding.UTF8.GetBytes("x"));
            await upload.CommitAsync(None);
        }

        Assert.Empty(_disk.Flushed);
    }

    /// <summary>Records what was flushed, by the path its descriptor names, and flushes it for real.</summary>
    private sealed class RecordingDiskFlush : DiskFlush
    {
        public List<string> Flushed { get; } = [];

        public override void FlushFile(FileStream file)
        {
            Flushed.Add("file " + PathOf(file.SafeFileHandle.DangerousGetHandle()));
            base.FlushFile(file);
        }

        public override void FlushFolder(int folderFd)
        {
            Flushed.Add("folder " + PathOf(folderFd));
            base.FlushFolder(folderFd);
        }

        private static string PathOf(nint fd) => new FileInfo($"/proc/self/fd/{fd}").LinkTarget!;
    }
}
