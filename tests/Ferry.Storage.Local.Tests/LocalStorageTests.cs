using System.Runtime.Versioning;
using System.Text;
using Ferry.Core.Files;
using Ferry.Core.Paths;
using Ferry.Core.Storage;

namespace Ferry.Storage.Local.Tests;

/// <summary>Every test runs twice: with the kernel's openat2 jail and with the realpath fallback.</summary>
[SupportedOSPlatform("linux")]
public sealed class LocalStorageTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly TempTree _tree = new();

    public static TheoryData<bool> Jails => new() { true, false };

    public void Dispose() => _tree.Dispose();

    private LocalStorage Storage(bool kernelJail, LocalStorageOptions? options = null)
    {
        var storage = new LocalStorage(_tree.Root, options ?? LocalStorageOptions.Default, kernelJail);
        if (kernelJail && !storage.KernelJail)
        {
            storage.Dispose();
            throw new SkipException("This kernel (or its seccomp profile) has no openat2: the kernel jail cannot be tested here.");
        }

        Assert.Equal(kernelJail, storage.KernelJail);
        return storage;
    }

    private static VfsPath P(string path) => VfsPath.Parse(path);

    private static async Task<StorageException> Fails(Func<Task> action) => await Assert.ThrowsAsync<StorageException>(action);

    private static async Task<string> ReadAll(IReadHandle handle)
    {
        using var reader = new StreamReader(handle.Content, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private static async Task<List<FileEntry>> ListAll(IAsyncEnumerable<FileEntry> listing)
    {
        var entries = new List<FileEntry>();
        await foreach (var entry in listing)
        {
            entries.Add(entry);
        }

        return entries;
    }

    private static async Task Upload(IUploadHandle upload, string text)
    {
        await upload.Content.WriteAsync(Encoding.UTF8.GetBytes(text));
    }

    [Fact]
    public void Capabilities_are_those_of_local_disk()
    {
        using var storage = new LocalStorage(_tree.Root, LocalStorageOptions.Default);

        Assert.Equal(
            StorageCapabilities.AtomicReplace | StorageCapabilities.AtomicCreate | StorageCapabilities.Append | StorageCapabilities.RandomWrite
            | StorageCapabilities.SetTimes | StorageCapabilities.UnixModes
            | StorageCapabilities.AtomicDirectoryRename | StorageCapabilities.ServerSideCopy,
            storage.Capabilities);
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task OpenRead_returns_content_from_the_offset(bool kernelJail)
    {
        _tree.Write("dir/a.txt", "0123456789");
        using var storage = Storage(kernelJail);

        await using var handle = await storage.OpenReadAsync(P("/dir/a.txt"), 4, None);

        Assert.Equal(10, handle.Length);
        Assert.Equal(4, handle.Offset);
        Assert.Equal("456789", await ReadAll(handle));
    }

    [SkippableFact]
    public async Task A_full_disk_during_an_upload_is_a_Quota_error()
    {
        // Needs a tiny file system: a 1 MiB tmpfs, which only root may mount (CI runs as root here).
        Skip.IfNot(Environment.UserName == "root", "Only root can mount the 1 MiB tmpfs this test fills.");
        var small = Directory.CreateDirectory(_tree.InRoot("tiny")).FullName;
        Skip.If(Run("mount", $"-t tmpfs -o size=1m tmpfs {small}") != 0, "This container may not mount a tmpfs.");

        try
        {
            using var storage = Storage(kernelJail: true);
            await using var upload = await storage.OpenWriteAsync(P("/tiny/big.bin"), WriteMode.Replace, 0, None);
            var block = new byte[256 * 1024];

            var error = await Fails(async () =>
            {
                for (var i = 0; i < 8; i++)
                {
                    await upload.Content.WriteAsync(block);
                }
            });

            Assert.Equal(FileError.Quota, error.Error);
        }
        finally
        {
            Run("umount", $"-l {small}");
        }
    }

    private static int Run(string program, string arguments)
    {
        using var process = System.Diagnostics.Process.Start(program, arguments);
        process.WaitForExit(30_000);
        return process.ExitCode;
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task OpenRead_offers_a_small_file_through_the_buffer_only(bool kernelJail)
    {
        _tree.Write("dir/small.txt", new string('s', (int)LocalStorage.SmallReadBytes));
        using var storage = Storage(kernelJail);

        await using var handle = await storage.OpenReadAsync(P("/dir/small.txt"), 0, None);

        Assert.Null(handle.GetFacet<ISendableFile>());
        Assert.Equal(LocalStorage.SmallReadBytes, (await ReadAll(handle)).Length);
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task OpenRead_offers_small_and_large_files_for_positioned_reads(bool kernelJail)
    {
        _tree.Write("dir/small.txt", "0123456789");
        _tree.Write("dir/large.txt", new string('l', (int)LocalStorage.SmallReadBytes) + "0123456789");
        using var storage = Storage(kernelJail);

        foreach (var (name, at) in new[] { ("small.txt", 0L), ("large.txt", LocalStorage.SmallReadBytes) })
        {
            await using var handle = await storage.OpenReadAsync(P("/dir/" + name), 2, None);
            var file = handle.GetFacet<IReadableFile>();
            Assert.NotNull(file);
            var bytes = new byte[4];
            Assert.Equal(4, RandomAccess.Read(file.File, bytes, at + 3));
            Assert.Equal("3456", System.Text.Encoding.ASCII.GetString(bytes));

            // The facet's own read (the storage's pread), whatever position the handle was opened at.
            Array.Clear(bytes);
            Assert.Equal(4, file.Read(bytes, at + 3));
            Assert.Equal("3456", System.Text.Encoding.ASCII.GetString(bytes));
            Assert.Equal(2, file.Read(bytes, at + 8));
            Assert.Equal("89", System.Text.Encoding.ASCII.GetString(bytes, 0, 2));
            Assert.Equal(0, file.Read(bytes, at + 10));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task OpenRead_describes_the_opened_file_as_Stat_describes_it_by_name(bool kernelJail)
    {
        _tree.Write("dir/small.txt", "hello");
        _tree.Write("dir/large.txt", new string('b', (int)LocalStorage.SmallReadBytes + 10));
        Directory.CreateDirectory(_tree.InRoot("real"));
        _tree.Write("real/file.txt", "through a link");
        File.CreateSymbolicLink(_tree.InRoot("dir/alias.txt"), "../real/file.txt");
        using var storage = Storage(kernelJail);

        foreach (var name in new[] { "small.txt", "large.txt", "alias.txt" })
        {
            var path = P("/dir/" + name);
            var stat = await storage.StatAsync(path, None);
            await using var handle = await storage.OpenReadAsync(path, 0, None);

            var described = handle.GetFacet<IDescribedFile>();
            Assert.NotNull(described);
            var entry = described.Entry;
            Assert.NotNull(stat);
            Assert.Equal((stat.Name, stat.IsDirectory, stat.Length, stat.LastModified, stat.ETag), (entry.Name, entry.IsDirectory, entry.Length, entry.LastModified, entry.ETag));
            Assert.NotNull(entry.ETag);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task OpenRead_describes_the_file_it_opened_when_the_name_is_replaced_after_the_open(bool kernelJail)
    {
        _tree.Write("a.txt", "first");
        using var storage = Storage(kernelJail);
        await using var handle = await storage.OpenReadAsync(P("/a.txt"), 0, None);

        _tree.Write("b.txt", "second, longer");
        File.Move(_tree.InRoot("b.txt"), _tree.InRoot("a.txt"), overwrite: true);

        // The validators a GET sends with these bytes are theirs, not those of the file now under the name.
        Assert.Equal(5, handle.GetFacet<IDescribedFile>()!.Entry.Length);
        Assert.Equal("first", await ReadAll(handle));
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task OpenRead_offers_a_larger_file_for_sendfile(bool kernelJail)
    {
        var text = new string('b', (int)LocalStorage.SmallReadBytes + 10) + "0123456789";
        _tree.Write("dir/large.txt", text);
        using var storage = Storage(kernelJail);

        await using var handle = await storage.OpenReadAsync(P("/dir/large.txt"), 10, None);

        var sendable = handle.GetFacet<ISendableFile>();
        Assert.NotNull(sendable);
        Assert.True(sendable.File.IsAsync);
        Assert.Equal(text.Length, RandomAccess.GetLength(sendable.File));
        Assert.Equal(text[10..], await ReadAll(handle));
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task OpenRead_serves_a_short_rest_after_the_offset_through_the_buffer(bool kernelJail)
    {
        var text = new string('c', (int)LocalStorage.SmallReadBytes + 10);
        _tree.Write("dir/resume.txt", text);
        using var storage = Storage(kernelJail);

        await using var handle = await storage.OpenReadAsync(P("/dir/resume.txt"), LocalStorage.SmallReadBytes, None);

        Assert.Null(handle.GetFacet<ISendableFile>());
        Assert.Equal(text[(int)LocalStorage.SmallReadBytes..], await ReadAll(handle));
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task OpenRead_of_a_folder_is_IsADirectory(bool kernelJail)
    {
        Directory.CreateDirectory(_tree.InRoot("dir"));
        using var storage = Storage(kernelJail);

        Assert.Equal(FileError.IsADirectory, (await Fails(() => storage.OpenReadAsync(P("/dir"), 0, None).AsTask())).Error);
        Assert.Equal(FileError.IsADirectory, (await Fails(() => storage.OpenReadAsync(VfsPath.Root, 0, None).AsTask())).Error);
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task OpenRead_of_a_missing_file_is_NotFound(bool kernelJail)
    {
        using var storage = Storage(kernelJail);

        Assert.Equal(FileError.NotFound, (await Fails(() => storage.OpenReadAsync(P("/nope"), 0, None).AsTask())).Error);
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task Symlinks_inside_the_root_are_followed(bool kernelJail)
    {
        _tree.Write("real/file.txt", "inside");
        File.CreateSymbolicLink(_tree.InRoot("alias.txt"), "real/file.txt");
        Directory.CreateSymbolicLink(_tree.InRoot("realdir"), "real");
        using var storage = Storage(kernelJail);

        await using (var handle = await storage.OpenReadAsync(P("/alias.txt"), 0, None))
        {
            Assert.Equal("inside", await ReadAll(handle));
        }

        await using (var handle = await storage.OpenReadAsync(P("/realdir/file.txt"), 0, None))
        {
            Assert.Equal("inside", await ReadAll(handle));
        }

        var entry = await storage.StatAsync(P("/alias.txt"), None);
        Assert.NotNull(entry);
        Assert.True(entry.Unix!.IsSymbolicLink);
        Assert.False(entry.IsDirectory);
        Assert.Equal(6, entry.Length);
    }

    /// <summary>A link to an absolute path outside, one that climbs out with "..", and a chain of folder links.</summary>
    private void MakeEscapes()
    {
        File.CreateSymbolicLink(_tree.InRoot("etc-link"), "/etc");
        File.CreateSymbolicLink(_tree.InRoot("up-link"), "../outside");
        File.CreateSymbolicLink(_tree.InRoot("secret-link"), Path.Combine(_tree.Outside, "secret.txt"));
        Directory.CreateDirectory(_tree.InRoot("chain"));
        File.CreateSymbolicLink(_tree.InRoot("chain/one"), "../chain2");
        File.CreateSymbolicLink(_tree.InRoot("chain2"), "../../outside");
    }

    public static TheoryData<bool, string> EscapingFiles => new()
    {
        { true, "/etc-link/passwd" }, { false, "/etc-link/passwd" },
        { true, "/up-link/secret.txt" }, { false, "/up-link/secret.txt" },
        { true, "/secret-link" }, { false, "/secret-link" },
        { true, "/chain/one/secret.txt" }, { false, "/chain/one/secret.txt" },
    };

    public static TheoryData<bool, string> EscapingFolders => new()
    {
        { true, "/etc-link" }, { false, "/etc-link" },
        { true, "/up-link" }, { false, "/up-link" },
        { true, "/chain/one" }, { false, "/chain/one" },
    };

    [SkippableTheory]
    [MemberData(nameof(EscapingFiles))]
    public async Task Reads_never_leave_the_root(bool kernelJail, string path)
    {
        MakeEscapes();
        using var storage = Storage(kernelJail);

        var error = await Fails(() => storage.OpenReadAsync(P(path), 0, None).AsTask());

        Assert.Contains(error.Error, new[] { FileError.NotFound, FileError.Denied });
    }

    [SkippableTheory]
    [MemberData(nameof(EscapingFiles))]
    public async Task Writes_never_leave_the_root(bool kernelJail, string path)
    {
        MakeEscapes();
        using var storage = Storage(kernelJail);
        var escapingFolder = P(path).Parent;

        // A new file in a folder reached through an escaping link.
        foreach (var mode in new[] { WriteMode.Replace, WriteMode.WriteAt, WriteMode.Append, WriteMode.CreateNew })
        {
            if (!escapingFolder.IsRoot)
            {
                await Fails(() => storage.OpenWriteAsync(escapingFolder.Combine("new.txt"), mode, 0, None).AsTask());
            }
        }

        // Writing the escaping link's own path must not reach the outside file either.
        foreach (var mode in new[] { WriteMode.Replace, WriteMode.WriteAt, WriteMode.Append })
        {
            try
            {
                await using var upload = await storage.OpenWriteAsync(P(path), mode, 0, None);
                await Upload(upload, "overwritten");
                await upload.CommitAsync(None);
            }
            catch (StorageException)
            {
            }
        }

        Assert.Equal("outside secret", File.ReadAllText(Path.Combine(_tree.Outside, "secret.txt")));
        Assert.Equal(["secret.txt"], Directory.GetFiles(_tree.Outside).Select(Path.GetFileName));
        Assert.False(File.Exists("/etc/new.txt"));
    }

    [SkippableTheory]
    [MemberData(nameof(EscapingFolders))]
    public async Task Listings_never_leave_the_root(bool kernelJail, string path)
    {
        MakeEscapes();
        using var storage = Storage(kernelJail);

        var error = await Fails(() => ListAll(storage.ListAsync(P(path), None)));

        Assert.Contains(error.Error, new[] { FileError.NotFound, FileError.Denied });
    }

    [SkippableTheory]
    [MemberData(nameof(EscapingFolders))]
    public async Task Mkdir_never_leaves_the_root(bool kernelJail, string path)
    {
        MakeEscapes();
        using var storage = Storage(kernelJail);

        await Fails(() => storage.CreateDirectoryAsync(P(path).Combine("made"), None).AsTask());

        Assert.False(Directory.Exists(Path.Combine(_tree.Outside, "made")));
        Assert.False(Directory.Exists("/etc/made"));
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task A_link_to_etc_is_jailed_to_root_etc_by_the_kernel(bool kernelJail)
    {
        MakeEscapes();
        _tree.Write("etc/passwd", "jailed passwd");
        using var storage = Storage(kernelJail);

        if (kernelJail)
        {
            await using var handle = await storage.OpenReadAsync(P("/etc-link/passwd"), 0, None);
            Assert.Equal("jailed passwd", await ReadAll(handle));
        }
        else
        {
            Assert.Equal(FileError.Denied, (await Fails(() => storage.OpenReadAsync(P("/etc-link/passwd"), 0, None).AsTask())).Error);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task Stat_of_an_escaping_link_shows_no_outside_metadata(bool kernelJail)
    {
        MakeEscapes();
        using var storage = Storage(kernelJail);

        var entry = await storage.StatAsync(P("/secret-link"), None);

        Assert.NotNull(entry);
        Assert.True(entry.Unix!.IsSymbolicLink);
        Assert.NotEqual("outside secret".Length, entry.Length);
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task Replace_over_an_existing_file_is_atomic_and_abort_keeps_the_old_file(bool kernelJail)
    {
        _tree.Write("f.txt", "old content");
        using var storage = Storage(kernelJail);

        await using (var upload = await storage.OpenWriteAsync(P("/f.txt"), WriteMode.Replace, 0, None))
        {
            await Upload(upload, "half of the new");
            Assert.Single(_tree.TemporaryFiles());
            Assert.Equal("old content", _tree.Read("f.txt"));
            await upload.AbortAsync();
        }

        Assert.Equal("old content", _tree.Read("f.txt"));
        Assert.Empty(_tree.TemporaryFiles());
    }

    /// <summary>Writes the way protocol code does through the kernel: at the position, on the descriptor.</summary>
    private static void WriteThroughReceiveFacet(IUploadHandle upload, string text)
    {
        var local = upload.GetFacet<IReceivableFile>();
        Assert.NotNull(local);
        var bytes = Encoding.UTF8.GetBytes(text);
        RandomAccess.Write(local.File, bytes, local.Position);
        local.Position += bytes.Length;
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task Replace_through_the_receive_facet_keeps_the_old_file_on_abort_and_replaces_it_on_commit(bool kernelJail)
    {
        _tree.Write("f.txt", "old content");
        using var storage = Storage(kernelJail);

        await using (var upload = await storage.OpenWriteAsync(P("/f.txt"), WriteMode.Replace, 0, None))
        {
            WriteThroughReceiveFacet(upload, "half of the new");
            Assert.Single(_tree.TemporaryFiles());
            await upload.AbortAsync();
        }

        Assert.Equal("old content", _tree.Read("f.txt"));
        Assert.Empty(_tree.TemporaryFiles());

        await using (var upload = await storage.OpenWriteAsync(P("/f.txt"), WriteMode.Replace, 0, None))
        {
            Assert.Equal(0, upload.GetFacet<IReceivableFile>()!.Position);
            WriteThroughReceiveFacet(upload, "new");
            Assert.Equal("old content", _tree.Read("f.txt"));
            await upload.CommitAsync(None);
        }

        Assert.Equal("new", _tree.Read("f.txt"));
        Assert.Empty(_tree.TemporaryFiles());
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task WriteAt_offers_the_receive_facet_positioned_at_the_offset(bool kernelJail)
    {
        _tree.Write("f.txt", "0123456789");
        using var storage = Storage(kernelJail, LocalStorageOptions.Default with { FlushOnCommit = true });

        await using (var upload = await storage.OpenWriteAsync(P("/f.txt"), WriteMode.WriteAt, 4, None))
        {
            Assert.Equal(4, upload.GetFacet<IReceivableFile>()!.Position);
            WriteThroughReceiveFacet(upload, "ab");
            await upload.CommitAsync(None);
        }

        Assert.Equal("0123ab", _tree.Read("f.txt"));
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task Append_offers_no_receive_facet_because_splice_refuses_o_append(bool kernelJail)
    {
        _tree.Write("f.txt", "abc");
        using var storage = Storage(kernelJail);

        await using var upload = await storage.OpenWriteAsync(P("/f.txt"), WriteMode.Append, 0, None);
        Assert.Null(upload.GetFacet<IReceivableFile>());
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task Replace_over_an_existing_file_commits_the_new_content(bool kernelJail)
    {
        _tree.Write("f.txt", "old content");
        File.SetUnixFileMode(_tree.InRoot("f.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var storage = Storage(kernelJail);

        await using (var upload = await storage.OpenWriteAsync(P("/f.txt"), WriteMode.Replace, 0, None))
        {
            await Upload(upload, "new");
            await upload.CommitAsync(None);
        }

        Assert.Equal("new", _tree.Read("f.txt"));
        Assert.Empty(_tree.TemporaryFiles());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_tree.InRoot("f.txt")));
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task Disposing_an_upload_without_commit_aborts_it(bool kernelJail)
    {
        _tree.Write("f.txt", "old content");
        using var storage = Storage(kernelJail);

        await using (var upload = await storage.OpenWriteAsync(P("/f.txt"), WriteMode.Replace, 0, None))
        {
            await Upload(upload, "new");
        }

        Assert.Equal("old content", _tree.Read("f.txt"));
        Assert.Empty(_tree.TemporaryFiles());
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task Replace_of_a_new_file_keeps_the_partial_on_abort(bool kernelJail)
    {
        using var storage = Storage(kernelJail);

        await using (var upload = await storage.OpenWriteAsync(P("/new.txt"), WriteMode.Replace, 0, None))
        {
            await Upload(upload, "partial");
            Assert.Empty(_tree.TemporaryFiles());
            await upload.AbortAsync();
        }

        Assert.Equal("partial", _tree.Read("new.txt"));
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task New_files_and_folders_get_the_configured_modes(bool kernelJail)
    {
        var options = new LocalStorageOptions(
            FileMode: UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite,
            DirectoryMode: UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherWrite);
        using var storage = Storage(kernelJail, options);

        await using (var upload = await storage.OpenWriteAsync(P("/new.txt"), WriteMode.Replace, 0, None))
        {
            await upload.CommitAsync(None);
        }

        await storage.CreateDirectoryAsync(P("/made"), None);

        // Both modes have a write bit for others that umask 022 would have removed.
        Assert.Equal(options.FileMode, File.GetUnixFileMode(_tree.InRoot("new.txt")));
        Assert.Equal(options.DirectoryMode, File.GetUnixFileMode(_tree.InRoot("made")));
    }

    [Fact]
    public void Default_modes_are_0644_and_0755()
    {
        Assert.Equal(Convert.ToInt32("644", 8), (int)LocalStorageOptions.Default.FileMode);
        Assert.Equal(Convert.ToInt32("755", 8), (int)LocalStorageOptions.Default.DirectoryMode);
        Assert.True(LocalStorageOptions.Default.FlushOnCommit);
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task WriteAt_cuts_the_file_at_the_offset_and_writes_from_there(bool kernelJail)
    {
        _tree.Write("f.txt", "0123456789");
        using var storage = Storage(kernelJail);

        await using (var upload = await storage.OpenWriteAsync(P("/f.txt"), WriteMode.WriteAt, 4, None))
        {
            await Upload(upload, "ab");
            await upload.AbortAsync();
        }

        Assert.Equal("0123ab", _tree.Read("f.txt"));
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task WriteAt_creates_a_missing_file(bool kernelJail)
    {
        using var storage = Storage(kernelJail);

        await using (var upload = await storage.OpenWriteAsync(P("/f.txt"), WriteMode.WriteAt, 0, None))
        {
            await Upload(upload, "abc");
            await upload.CommitAsync(None);
        }

        Assert.Equal("abc", _tree.Read("f.txt"));
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task Append_adds_to_the_end(bool kernelJail)
    {
        _tree.Write("f.txt", "start-");
        using var storage = Storage(kernelJail);

        await using (var upload = await storage.OpenWriteAsync(P("/f.txt"), WriteMode.Append, 0, None))
        {
            await Upload(upload, "end");
            await upload.CommitAsync(None);
        }

        await using (var upload = await storage.OpenWriteAsync(P("/g.txt"), WriteMode.Append, 0, None))
        {
            await Upload(upload, "fresh");
            await upload.CommitAsync(None);
        }

        Assert.Equal("start-end", _tree.Read("f.txt"));
        Assert.Equal("fresh", _tree.Read("g.txt"));
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task CreateNew_fails_with_Exists_when_the_file_is_there(bool kernelJail)
    {
        _tree.Write("f.txt", "old");
        using var storage = Storage(kernelJail);

        Assert.Equal(FileError.Exists, (await Fails(() => storage.OpenWriteAsync(P("/f.txt"), WriteMode.CreateNew, 0, None).AsTask())).Error);
        await using (var upload = await storage.OpenWriteAsync(P("/g.txt"), WriteMode.CreateNew, 0, None))
        {
            await Upload(upload, "unique");
            await upload.CommitAsync(None);
        }

        Assert.Equal("old", _tree.Read("f.txt"));
        Assert.Equal("unique", _tree.Read("g.txt"));
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task Writing_over_a_folder_is_IsADirectory(bool kernelJail)
    {
        Directory.CreateDirectory(_tree.InRoot("dir"));
        using var storage = Storage(kernelJail);

        foreach (var mode in new[] { WriteMode.Replace, WriteMode.WriteAt, WriteMode.Append })
        {
            var error = await Fails(() => storage.OpenWriteAsync(P("/dir"), mode, 0, None).AsTask());
            Assert.Equal(FileError.IsADirectory, error.Error);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task An_uploads_temporary_file_carries_a_reserved_name_that_a_FileService_hides(bool kernelJail)
    {
        _tree.Write("f.txt", "old");
        using var storage = Storage(kernelJail);
        var service = new FileService(storage, new Core.Identity.Account("alice", "not-a-real-hash", "/srv/alice", Core.Identity.Permissions.All, []));

        await using var upload = await storage.OpenWriteAsync(P("/f.txt"), WriteMode.Replace, 0, None);
        var temporary = Assert.Single(_tree.TemporaryFiles());
        var listed = (await service.ListAsync(VfsPath.Root, None)).Value!;
        var names = new List<string>();
        await foreach (var entry in listed)
        {
            names.Add(entry.Name);
        }

        Assert.StartsWith(ReservedNames.Prefix, Path.GetFileName(temporary));
        Assert.Equal(["f.txt"], names);
        Assert.Equal(FileError.NotFound, (await service.StatAsync(P("/" + Path.GetFileName(temporary)), None)).Error);
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task RemoveStaleTemporaryFiles_deletes_them_everywhere_without_following_links(bool kernelJail)
    {
        _tree.Write(".ferry-upload-a.tmp", "t");
        _tree.Write("x/y/.ferry-upload-b.tmp", "t");
        _tree.Write("x/keep.txt", "k");
        File.WriteAllText(Path.Combine(_tree.Outside, ".ferry-upload-outside.tmp"), "not ours");
        Directory.CreateSymbolicLink(_tree.InRoot("x/out"), _tree.Outside);
        using var storage = Storage(kernelJail);

        var removed = storage.RemoveStaleTemporaryFiles();

        Assert.Equal(2, removed);
        Assert.Empty(_tree.TemporaryFiles());
        Assert.Equal("k", _tree.Read("x/keep.txt"));
        Assert.True(File.Exists(Path.Combine(_tree.Outside, ".ferry-upload-outside.tmp")));
        await Task.CompletedTask;
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task RemoveStaleTemporaryFiles_leaves_the_files_of_uploads_in_progress_alone(bool kernelJail)
    {
        // Another Ferry starting on the same tree (here: another storage over it) must not cut a live upload.
        _tree.Write("old.txt", "old");
        using var storage = Storage(kernelJail);
        await using var replacing = await storage.OpenWriteAsync(P("/old.txt"), WriteMode.Replace, 0, None);
        await using var creating = await storage.OpenWriteAsync(P("/new.txt"), WriteMode.CreateWhole, 0, None);
        await replacing.Content.WriteAsync("new"u8.ToArray());
        await creating.Content.WriteAsync("whole"u8.ToArray());
        _tree.Write(".ferry-upload-dead.tmp", "left by a crash");
        using var starting = Storage(kernelJail);

        Assert.Equal(1, starting.RemoveStaleTemporaryFiles());

        await replacing.CommitAsync(None);
        await creating.CommitAsync(None);
        Assert.Equal("new", _tree.Read("old.txt"));
        Assert.Equal("whole", _tree.Read("new.txt"));
        Assert.Empty(_tree.TemporaryFiles());
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task List_streams_entries_with_metadata(bool kernelJail)
    {
        _tree.Write("dir/a.txt", "12345");
        Directory.CreateDirectory(_tree.InRoot("dir/sub"));
        File.CreateSymbolicLink(_tree.InRoot("dir/link"), "sub");
        var mtime = new DateTimeOffset(2020, 5, 6, 7, 8, 9, TimeSpan.Zero);
        File.SetLastWriteTimeUtc(_tree.InRoot("dir/a.txt"), mtime.UtcDateTime);
        using var storage = Storage(kernelJail);

        var entries = (await ListAll(storage.ListAsync(P("/dir"), None))).ToDictionary(e => e.Name);

        Assert.Equal(["a.txt", "link", "sub"], entries.Keys.Order());
        Assert.Equal(5, entries["a.txt"].Length);
        Assert.False(entries["a.txt"].IsDirectory);
        Assert.Equal(mtime, entries["a.txt"].LastModified);
        Assert.Equal(File.GetUnixFileMode(_tree.InRoot("dir/a.txt")), entries["a.txt"].Unix!.Mode);
        Assert.True(entries["sub"].IsDirectory);
        Assert.False(entries["sub"].Unix!.IsSymbolicLink);
        Assert.True(entries["link"].IsDirectory);
        Assert.True(entries["link"].Unix!.IsSymbolicLink);
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task List_of_a_missing_or_file_path_fails_on_first_step(bool kernelJail)
    {
        _tree.Write("f.txt", "x");
        using var storage = Storage(kernelJail);

        Assert.Equal(FileError.NotFound, (await Fails(() => ListAll(storage.ListAsync(P("/nope"), None)))).Error);
        Assert.Equal(FileError.NotADirectory, (await Fails(() => ListAll(storage.ListAsync(P("/f.txt"), None)))).Error);
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task Stat_describes_files_folders_and_root(bool kernelJail)
    {
        _tree.Write("dir/a.txt", "12345");
        using var storage = Storage(kernelJail);

        var file = await storage.StatAsync(P("/dir/a.txt"), None);
        var folder = await storage.StatAsync(P("/dir"), None);
        var root = await storage.StatAsync(VfsPath.Root, None);

        Assert.Equal(("a.txt", false, 5L), (file!.Name, file.IsDirectory, file.Length));
        Assert.Equal(("dir", true), (folder!.Name, folder.IsDirectory));
        Assert.True(root!.IsDirectory);
        Assert.Null(await storage.StatAsync(P("/nope"), None));
        Assert.Null(await storage.StatAsync(P("/dir/a.txt/below"), None));
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task The_etag_is_the_modification_time_to_the_nanosecond_and_the_size_in_hex(bool kernelJail)
    {
        _tree.Write("dir/a.txt", "0123456789ABCDEF0");
        var modified = new DateTime(2021, 2, 3, 4, 5, 6, DateTimeKind.Utc).AddTicks(1_234_567);
        File.SetLastWriteTimeUtc(_tree.InRoot("dir/a.txt"), modified);
        using var storage = Storage(kernelJail);

        var seconds = new DateTimeOffset(modified).ToUnixTimeSeconds();
        var expected = $"\"{seconds:x}.{123_456_700:x}-{17:x}\"";
        Assert.Equal(expected, (await storage.StatAsync(P("/dir/a.txt"), None))!.ETag);
        Assert.Equal(expected, (await ListAll(storage.ListAsync(P("/dir"), None))).Single().ETag);
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task Files_carry_a_quoted_etag_that_changes_with_the_content(bool kernelJail)
    {
        _tree.Write("dir/a.txt", "12345");
        using var storage = Storage(kernelJail);

        var before = (await storage.StatAsync(P("/dir/a.txt"), None))!.ETag;
        await using (var upload = await storage.OpenWriteAsync(P("/dir/a.txt"), WriteMode.Replace, 0, None))
        {
            await Upload(upload, "123456");
            await upload.CommitAsync(None);
        }

        var after = (await storage.StatAsync(P("/dir/a.txt"), None))!.ETag;
        var listed = (await ListAll(storage.ListAsync(P("/dir"), None))).Single().ETag;

        Assert.NotNull(before);
        Assert.StartsWith("\"", before);
        Assert.EndsWith("\"", before);
        Assert.NotEqual(before, after);
        Assert.Equal(after, listed);
        Assert.Null((await storage.StatAsync(P("/dir"), None))!.ETag);
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task CreateDirectory_makes_one_folder_and_reports_Exists(bool kernelJail)
    {
        using var storage = Storage(kernelJail);

        await storage.CreateDirectoryAsync(P("/d"), None);

        Assert.True(Directory.Exists(_tree.InRoot("d")));
        Assert.Equal(FileError.Exists, (await Fails(() => storage.CreateDirectoryAsync(P("/d"), None).AsTask())).Error);
        Assert.Equal(FileError.NotFound, (await Fails(() => storage.CreateDirectoryAsync(P("/x/y"), None).AsTask())).Error);
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task DeleteFile_removes_files_only(bool kernelJail)
    {
        _tree.Write("f.txt", "x");
        Directory.CreateDirectory(_tree.InRoot("d"));
        using var storage = Storage(kernelJail);

        await storage.DeleteFileAsync(P("/f.txt"), None);

        Assert.False(File.Exists(_tree.InRoot("f.txt")));
        Assert.Equal(FileError.NotFound, (await Fails(() => storage.DeleteFileAsync(P("/f.txt"), None).AsTask())).Error);
        Assert.Equal(FileError.IsADirectory, (await Fails(() => storage.DeleteFileAsync(P("/d"), None).AsTask())).Error);
        Assert.True(Directory.Exists(_tree.InRoot("d")));
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task DeleteFile_of_a_link_removes_the_link_not_its_target(bool kernelJail)
    {
        MakeEscapes();
        using var storage = Storage(kernelJail);

        await storage.DeleteFileAsync(P("/secret-link"), None);

        Assert.False(File.Exists(_tree.InRoot("secret-link")));
        Assert.True(File.Exists(Path.Combine(_tree.Outside, "secret.txt")));
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task DeleteDirectory_refuses_non_empty_folders_and_files(bool kernelJail)
    {
        _tree.Write("full/f.txt", "x");
        Directory.CreateDirectory(_tree.InRoot("empty"));
        using var storage = Storage(kernelJail);

        await storage.DeleteDirectoryAsync(P("/empty"), None);

        Assert.False(Directory.Exists(_tree.InRoot("empty")));
        Assert.Equal(FileError.NotEmpty, (await Fails(() => storage.DeleteDirectoryAsync(P("/full"), None).AsTask())).Error);
        Assert.Equal(FileError.NotADirectory, (await Fails(() => storage.DeleteDirectoryAsync(P("/full/f.txt"), None).AsTask())).Error);
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task Rename_moves_and_replaces_files_but_not_folders(bool kernelJail)
    {
        _tree.Write("a.txt", "a");
        _tree.Write("b.txt", "b");
        Directory.CreateDirectory(_tree.InRoot("d"));
        Directory.CreateDirectory(_tree.InRoot("empty"));
        using var storage = Storage(kernelJail);

        await storage.RenameAsync(P("/a.txt"), P("/d/moved.txt"), overwrite: false, None);
        await storage.RenameAsync(P("/d/moved.txt"), P("/b.txt"), overwrite: true, None);

        Assert.Equal("a", _tree.Read("b.txt"));
        Assert.False(File.Exists(_tree.InRoot("a.txt")));
        Assert.Equal(FileError.Exists, (await Fails(() => storage.RenameAsync(P("/b.txt"), P("/d"), overwrite: true, None).AsTask())).Error);
        Assert.Equal(FileError.Exists, (await Fails(() => storage.RenameAsync(P("/d"), P("/empty"), overwrite: true, None).AsTask())).Error);
        Assert.Equal(FileError.NotFound, (await Fails(() => storage.RenameAsync(P("/nope"), P("/x"), overwrite: true, None).AsTask())).Error);
        // The kernel refuses a move into itself too (EINVAL), though FileService stops it first.
        Assert.Equal(FileError.InvalidName, (await Fails(() => storage.RenameAsync(P("/d"), P("/d/inner"), overwrite: false, None).AsTask())).Error);
        await storage.RenameAsync(P("/d"), P("/e"), overwrite: false, None);
        Assert.True(Directory.Exists(_tree.InRoot("e")));
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task Rename_without_overwrite_never_replaces(bool kernelJail)
    {
        _tree.Write("a.txt", "a");
        _tree.Write("b.txt", "b");
        Directory.CreateDirectory(_tree.InRoot("d"));
        using var storage = Storage(kernelJail);

        Assert.Equal(FileError.Exists, (await Fails(() => storage.RenameAsync(P("/a.txt"), P("/b.txt"), overwrite: false, None).AsTask())).Error);
        Assert.Equal(FileError.Exists, (await Fails(() => storage.RenameAsync(P("/d"), P("/b.txt"), overwrite: true, None).AsTask())).Error);

        Assert.Equal("a", _tree.Read("a.txt"));
        Assert.Equal("b", _tree.Read("b.txt"));
        Assert.True(Directory.Exists(_tree.InRoot("d")));
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task Copy_lands_whole_with_the_source_mode_and_leaves_no_temporary(bool kernelJail)
    {
        var content = new string('x', 3 * 1024 * 1024 + 17);
        _tree.Write("a.bin", content);
        File.SetUnixFileMode(_tree.InRoot("a.bin"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        _tree.Write("old.bin", "old");
        using var storage = Storage(kernelJail);

        await storage.CopyAsync(P("/a.bin"), P("/copy.bin"), overwrite: false, None);
        await storage.CopyAsync(P("/a.bin"), P("/old.bin"), overwrite: true, None);

        Assert.Equal(content, _tree.Read("copy.bin"));
        Assert.Equal(content, _tree.Read("old.bin"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(_tree.InRoot("copy.bin")));
        Assert.Empty(_tree.TemporaryFiles());
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task Copy_never_leaves_the_root(bool kernelJail)
    {
        MakeEscapes();
        _tree.Write("in.txt", "inside");
        using var storage = Storage(kernelJail);

        await Fails(() => storage.CopyAsync(P("/secret-link"), P("/stolen.txt"), overwrite: false, None).AsTask());
        await Fails(() => storage.CopyAsync(P("/in.txt"), P("/up-link/planted.txt"), overwrite: false, None).AsTask());

        Assert.False(File.Exists(_tree.InRoot("stolen.txt")));
        Assert.Equal(["secret.txt"], Directory.GetFiles(_tree.Outside).Select(Path.GetFileName));
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task A_cancelled_copy_leaves_nothing(bool kernelJail)
    {
        _tree.Write("a.txt", "a");
        using var storage = Storage(kernelJail);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => storage.CopyAsync(P("/a.txt"), P("/b.txt"), overwrite: false, cancelled.Token).AsTask());

        Assert.False(File.Exists(_tree.InRoot("b.txt")));
        Assert.Empty(_tree.TemporaryFiles());
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task SetLastModified_sets_the_mtime(bool kernelJail)
    {
        _tree.Write("f.txt", "x");
        Directory.CreateDirectory(_tree.InRoot("d"));
        using var storage = Storage(kernelJail);
        var when = new DateTimeOffset(1999, 12, 31, 23, 59, 58, TimeSpan.Zero).AddTicks(1234567);

        await storage.SetLastModifiedAsync(P("/f.txt"), when, None);
        await storage.SetLastModifiedAsync(P("/d"), when, None);

        Assert.Equal(when.UtcDateTime, File.GetLastWriteTimeUtc(_tree.InRoot("f.txt")));
        Assert.Equal(when.UtcDateTime, Directory.GetLastWriteTimeUtc(_tree.InRoot("d")));
        Assert.Equal(when, (await storage.StatAsync(P("/f.txt"), None))!.LastModified);
        Assert.Equal(FileError.NotFound, (await Fails(() => storage.SetLastModifiedAsync(P("/nope"), when, None).AsTask())).Error);
    }

    [Fact]
    public void A_missing_root_is_refused_at_construction()
    {
        Assert.Throws<DirectoryNotFoundException>(() => new LocalStorage(Path.Combine(_tree.Base, "missing"), LocalStorageOptions.Default));
    }

    [Fact]
    public async Task Through_a_FileService_errors_arrive_as_FileErrors()
    {
        File.WriteAllText(_tree.InRoot("f.txt"), "x");
        using var storage = new LocalStorage(_tree.Root, LocalStorageOptions.Default);
        var service = new FileService(storage, new Core.Identity.Account("alice", "not-a-real-hash", "/srv/alice", Core.Identity.Permissions.All, []));

        Assert.Equal(FileError.NotFound, (await service.ListAsync(P("/missing"), None)).Error);
        Assert.Equal(FileError.NotADirectory, (await service.ListAsync(P("/f.txt"), None)).Error);
        Assert.Equal(FileError.IsADirectory, (await service.OpenReadAsync(VfsPath.Root, 0, None)).Error);
        Assert.Equal(FileError.Exists, (await service.OpenWriteAsync(P("/f.txt"), WriteMode.CreateNew, 0, None)).Error);
        Assert.Equal(FileError.NotFound, (await service.DeleteFileAsync(P("/missing"), None)).Error);
        var read = await service.OpenReadAsync(P("/f.txt"), 0, None);
        Assert.True(read.Ok);
        await read.Value!.DisposeAsync();
    }
}
