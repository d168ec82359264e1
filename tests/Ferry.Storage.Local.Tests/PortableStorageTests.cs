using System.Runtime.Versioning;
using System.Text;
using Ferry.Core.Files;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Storage.Local.Tests;

/// <summary>
/// The portable storage's jail and its platform rules, on Linux (final paths from /proc/self/fd).
/// The conformance suite covers the contract; these cover what only this jail does.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class PortableStorageTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly LocalStorageOptions Options = LocalStorageOptions.Default with { Jail = LocalJail.Portable };

    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private static VfsPath P(string path) => VfsPath.Parse(path);

    private PortableStorage Storage(IFinalPath? finalPath = null) => new(_tree.Root, Options, finalPath ?? new LinuxProcFinalPath());

    private static async Task<FileError> Fails(Func<Task> action) => (await Assert.ThrowsAsync<StorageException>(action)).Error;

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

    private static async Task Write(IStorage storage, string path, string text, WriteMode mode = WriteMode.Replace)
    {
        await using var upload = await storage.OpenWriteAsync(P(path), mode, 0, None);
        await upload.Content.WriteAsync(Encoding.UTF8.GetBytes(text));
        await upload.CommitAsync(None);
    }

    /// <summary>A link to an absolute path outside, one that climbs out with "..", a link to an outside file, and a chain of folder links.</summary>
    private void MakeEscapes()
    {
        File.CreateSymbolicLink(_tree.InRoot("etc-link"), "/etc");
        File.CreateSymbolicLink(_tree.InRoot("up-link"), "../outside");
        File.CreateSymbolicLink(_tree.InRoot("secret-link"), Path.Combine(_tree.Outside, "secret.txt"));
        Directory.CreateDirectory(_tree.InRoot("chain"));
        File.CreateSymbolicLink(_tree.InRoot("chain/one"), "../chain2");
        File.CreateSymbolicLink(_tree.InRoot("chain2"), "../../outside");
    }

    [Fact]
    public void The_jail_setting_picks_the_storage()
    {
        using var portable = LocalStorages.Open(_tree.Root, Options);
        using var kernel = LocalStorages.Open(_tree.Root, Options with { Jail = LocalJail.Kernel });

        Assert.IsType<PortableStorage>(portable);
        Assert.Equal((LocalJail.Portable, false), (portable.Jail, portable.KernelJail));
        Assert.IsType<LocalStorage>(kernel);
        Assert.Equal(LocalJail.Kernel, LocalStorages.DefaultJail);
        Assert.Equal(StorageCapabilities.UnixModes, portable.Capabilities & StorageCapabilities.UnixModes);
    }

    [Fact]
    public async Task Symlinks_inside_the_root_are_followed()
    {
        _tree.Write("real/file.txt", "inside");
        File.CreateSymbolicLink(_tree.InRoot("alias.txt"), "real/file.txt");
        Directory.CreateSymbolicLink(_tree.InRoot("realdir"), "real");
        using var storage = Storage();

        await using (var handle = await storage.OpenReadAsync(P("/alias.txt"), 0, None))
        {
            Assert.Equal("inside", await ReadAll(handle));
        }

        await using (var handle = await storage.OpenReadAsync(P("/realdir/file.txt"), 0, None))
        {
            Assert.Equal("inside", await ReadAll(handle));
        }

        var entry = await storage.StatAsync(P("/alias.txt"), None);
        var folder = await storage.StatAsync(P("/realdir"), None);
        Assert.Equal((false, 6L, true), (entry!.IsDirectory, entry.Length, entry.Unix!.IsSymbolicLink));
        Assert.Equal((true, true), (folder!.IsDirectory, folder.Unix!.IsSymbolicLink));
        Assert.Equal(["file.txt"], (await ListAll(storage.ListAsync(P("/realdir"), None))).Select(e => e.Name));
    }

    [Theory]
    [InlineData("/etc-link/passwd")]
    [InlineData("/up-link/secret.txt")]
    [InlineData("/secret-link")]
    [InlineData("/chain/one/secret.txt")]
    public async Task Reads_never_leave_the_root(string path)
    {
        MakeEscapes();
        using var storage = Storage();

        Assert.Contains(await Fails(() => storage.OpenReadAsync(P(path), 0, None).AsTask()), new[] { FileError.NotFound, FileError.Denied });
    }

    [Theory]
    [InlineData("/etc-link/passwd")]
    [InlineData("/up-link/secret.txt")]
    [InlineData("/secret-link")]
    [InlineData("/chain/one/secret.txt")]
    public async Task Writes_never_leave_the_root(string path)
    {
        MakeEscapes();
        using var storage = Storage();
        var escapingFolder = P(path).Parent;

        foreach (var mode in new[] { WriteMode.Replace, WriteMode.WriteAt, WriteMode.Append, WriteMode.CreateNew })
        {
            if (!escapingFolder.IsRoot)
            {
                await Fails(async () => await Write(storage, escapingFolder.Combine("new.txt").ToString(), "x", mode));
            }
        }

        // Writing the escaping link's own path must not reach the outside file either.
        foreach (var mode in new[] { WriteMode.Replace, WriteMode.WriteAt, WriteMode.Append })
        {
            try
            {
                await Write(storage, path, "overwritten", mode);
            }
            catch (StorageException)
            {
            }
        }

        Assert.Equal("outside secret", File.ReadAllText(Path.Combine(_tree.Outside, "secret.txt")));
        Assert.Equal(["secret.txt"], Directory.GetFiles(_tree.Outside).Select(Path.GetFileName));
        Assert.False(File.Exists("/etc/new.txt"));
    }

    [Theory]
    [InlineData("/etc-link")]
    [InlineData("/up-link")]
    [InlineData("/chain/one")]
    public async Task Listings_mkdir_renames_and_deletes_never_leave_the_root(string path)
    {
        MakeEscapes();
        _tree.Write("mine.txt", "mine");
        using var storage = Storage();

        // The chain dangles (it climbs one step too far): NotFound; the others lead out: Denied.
        var refused = path == "/chain/one" ? FileError.NotFound : FileError.Denied;
        Assert.Equal(refused, await Fails(() => ListAll(storage.ListAsync(P(path), None))));
        Assert.Equal(refused, await Fails(() => storage.CreateDirectoryAsync(P(path).Combine("made"), None).AsTask()));
        Assert.Equal(refused, await Fails(() => storage.RenameAsync(P("/mine.txt"), P(path).Combine("moved.txt"), overwrite: true, None).AsTask()));
        Assert.Equal(refused, await Fails(() => storage.DeleteFileAsync(P(path).Combine("secret.txt"), None).AsTask()));
        Assert.Equal(refused, await Fails(() => storage.CopyAsync(P("/mine.txt"), P(path).Combine("copy.txt"), overwrite: true, None).AsTask()));

        Assert.Equal(["secret.txt"], Directory.GetFileSystemEntries(_tree.Outside).Select(Path.GetFileName));
        Assert.False(Directory.Exists("/etc/made"));
        Assert.Equal("mine", _tree.Read("mine.txt"));
    }

    [Fact]
    public async Task A_link_to_etc_is_refused_not_jailed()
    {
        MakeEscapes();
        _tree.Write("etc/passwd", "jailed passwd");
        using var storage = Storage();

        Assert.Equal(FileError.Denied, await Fails(() => storage.OpenReadAsync(P("/etc-link/passwd"), 0, None).AsTask()));
    }

    [Fact]
    public async Task An_escaping_link_is_shown_as_itself_without_outside_metadata()
    {
        MakeEscapes();
        using var storage = Storage();

        var entry = await storage.StatAsync(P("/secret-link"), None);
        var listed = (await ListAll(storage.ListAsync(VfsPath.Root, None))).Single(e => e.Name == "etc-link");

        Assert.True(entry!.Unix!.IsSymbolicLink);
        Assert.NotEqual("outside secret".Length, entry.Length);
        Assert.Equal((false, true), (listed.IsDirectory, listed.Unix!.IsSymbolicLink));
    }

    [Fact]
    public async Task Replace_over_an_escaping_link_replaces_the_link_and_leaves_its_target()
    {
        MakeEscapes();
        using var storage = Storage();

        await Write(storage, "/secret-link", "new file");

        Assert.Equal("outside secret", File.ReadAllText(Path.Combine(_tree.Outside, "secret.txt")));
        Assert.Null(new FileInfo(_tree.InRoot("secret-link")).LinkTarget);
        Assert.Equal("new file", _tree.Read("secret-link"));
    }

    [Fact]
    public async Task A_FIFO_and_a_link_to_it_are_listed_and_stated_without_being_opened()
    {
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", _tree.InRoot("pipe")))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        File.CreateSymbolicLink(_tree.InRoot("pipe-link"), "pipe");
        using var storage = Storage();

        // Off the test's thread, with a guard: opening a FIFO would wait for a writer that never comes.
        var listed = await Task.Run(() => ListAll(storage.ListAsync(VfsPath.Root, None))).WaitAsync(TimeSpan.FromMinutes(1));
        var stated = await Task.Run(async () => await storage.StatAsync(P("/pipe-link"), None)).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(["pipe", "pipe-link"], listed.Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal((false, 0L, true), (stated!.IsDirectory, stated.Length, stated.Unix!.IsSymbolicLink));
    }

    [Fact]
    public async Task The_check_is_made_on_the_opened_handle_not_on_the_name()
    {
        _tree.Write("plain.txt", "no link at all");
        using var storage = Storage(new MovedElsewhere(new LinuxProcFinalPath(), "/elsewhere/plain.txt"));

        // The name leads nowhere outside; only the (here fake) final path of the handle does.
        Assert.Equal(FileError.Denied, await Fails(() => storage.OpenReadAsync(P("/plain.txt"), 0, None).AsTask()));
        Assert.Equal(FileError.Denied, await Fails(() => storage.OpenWriteAsync(P("/plain.txt"), WriteMode.WriteAt, 0, None).AsTask()));
        Assert.Equal("no link at all", _tree.Read("plain.txt"));
    }

    [Fact]
    public async Task A_replace_leaves_a_reader_of_the_old_file_reading_it_and_the_upload_stays_atomic()
    {
        using var storage = Storage();
        await Write(storage, "/f.txt", "old content");
        await using var reader = await storage.OpenReadAsync(P("/f.txt"), 0, None);

        await using (var upload = await storage.OpenWriteAsync(P("/f.txt"), WriteMode.Replace, 0, None))
        {
            await upload.Content.WriteAsync("half"u8.ToArray());
            Assert.Equal("old content", _tree.Read("f.txt"));
            await upload.AbortAsync();
        }

        await Write(storage, "/f.txt", "new");

        Assert.Equal("old content", await ReadAll(reader));
        Assert.Equal("new", _tree.Read("f.txt"));
        Assert.Empty(_tree.TemporaryFiles());
    }

    [Fact]
    public async Task Uploads_get_the_configured_mode_and_a_replace_keeps_the_replaced_mode()
    {
        using var storage = new PortableStorage(_tree.Root, Options with { FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite, DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute }, new LinuxProcFinalPath());
        await Write(storage, "/new.txt", "x");
        await storage.CreateDirectoryAsync(P("/d"), None);
        _tree.Write("kept.txt", "old");
        File.SetUnixFileMode(_tree.InRoot("kept.txt"), (UnixFileMode)0b111_100_100);
        await Write(storage, "/kept.txt", "new");

        Assert.Equal((UnixFileMode)0b110_000_000, File.GetUnixFileMode(_tree.InRoot("new.txt")));
        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(_tree.InRoot("d")));
        Assert.Equal((UnixFileMode)0b111_100_100, File.GetUnixFileMode(_tree.InRoot("kept.txt")));
    }

    [Fact]
    public async Task An_upload_whose_data_never_comes_leaves_no_file()
    {
        using var storage = Storage();

        await using (var upload = await storage.OpenWriteAsync(P("/never.txt"), WriteMode.Replace, 0, None))
        {
            await upload.AbortAsync();
        }

        Assert.False(File.Exists(_tree.InRoot("never.txt")));
    }

    [Fact]
    public async Task Listings_show_hidden_files_and_the_work_files_a_FileService_hides()
    {
        _tree.Write(".hidden", "h");
        using var storage = Storage();
        await using (var upload = await storage.OpenWriteAsync(P("/.hidden"), WriteMode.Replace, 0, None))
        {
            await upload.Content.WriteAsync("pending"u8.ToArray());
            var names = (await ListAll(storage.ListAsync(VfsPath.Root, None))).Select(e => e.Name).ToList();
            Assert.Contains(".hidden", names);
            Assert.Contains(names, ReservedNames.IsReserved);
            await upload.AbortAsync();
        }
    }

    [Fact]
    public void RemoveStaleTemporaryFiles_deletes_them_everywhere_without_following_links()
    {
        _tree.Write(ReservedNames.Prefix + "1.tmp", "stale");
        _tree.Write("deep/er/" + ReservedNames.Prefix + "2.tmp", "stale");
        _tree.Write("deep/keep.txt", "keep");
        File.WriteAllText(Path.Combine(_tree.Outside, ReservedNames.Prefix + "outside.tmp"), "not ours");
        File.CreateSymbolicLink(_tree.InRoot("out"), _tree.Outside);
        using var storage = Storage();

        Assert.Equal(2, storage.RemoveStaleTemporaryFiles());
        Assert.Empty(_tree.TemporaryFiles());
        Assert.True(File.Exists(Path.Combine(_tree.Outside, ReservedNames.Prefix + "outside.tmp")));
        Assert.Equal("keep", _tree.Read("deep/keep.txt"));
    }

    [Fact]
    public async Task RemoveStaleTemporaryFiles_leaves_the_files_of_uploads_in_progress_alone()
    {
        _tree.Write("old.txt", "old");
        using var storage = Storage();
        await using var replacing = await storage.OpenWriteAsync(P("/old.txt"), WriteMode.Replace, 0, CancellationToken.None);
        await using var creating = await storage.OpenWriteAsync(P("/new.txt"), WriteMode.CreateWhole, 0, CancellationToken.None);
        await replacing.Content.WriteAsync("new"u8.ToArray());
        await creating.Content.WriteAsync("whole"u8.ToArray());
        _tree.Write(ReservedNames.Prefix + "dead.tmp", "left by a crash");
        using var starting = Storage();

        Assert.Equal(1, starting.RemoveStaleTemporaryFiles());

        await replacing.CommitAsync(CancellationToken.None);
        await creating.CommitAsync(CancellationToken.None);
        Assert.Equal("new", _tree.Read("old.txt"));
        Assert.Equal("whole", _tree.Read("new.txt"));
        Assert.Empty(_tree.TemporaryFiles());
    }

    [Theory]
    [InlineData("/CON")]
    [InlineData("/nul.txt")]
    [InlineData("/COM1")]
    [InlineData("/trailing.")]
    [InlineData("/trailing ")]
    [InlineData("/file.txt::$DATA")]
    [InlineData("/file.txt:stream")]
    [InlineData("/d/LPT1/x")]
    public async Task With_Windows_names_a_name_Win32_cannot_hold_is_never_reached(string path)
    {
        _tree.Write("file.txt", "f");
        using var storage = Storage(new WindowsNamesOnLinux());

        Assert.Equal(FileError.InvalidName, await Fails(async () => await Write(storage, path, "x")));
        Assert.Equal(FileError.InvalidName, await Fails(() => storage.CreateDirectoryAsync(P(path), None).AsTask()));
        Assert.Equal(FileError.InvalidName, await Fails(() => storage.OpenReadAsync(P(path), 0, None).AsTask()));
        Assert.Null(await storage.StatAsync(P(path), None));
        Assert.Equal("f", _tree.Read("file.txt"));
    }

    [Fact]
    public async Task With_Windows_names_a_listing_skips_names_that_could_not_be_opened()
    {
        _tree.Write("ok.txt", "1");
        _tree.Write("a:b", "2");
        _tree.Write("dot.", "3");
        using var storage = Storage(new WindowsNamesOnLinux());

        Assert.Equal(["ok.txt"], (await ListAll(storage.ListAsync(VfsPath.Root, None))).Select(e => e.Name));
    }

    /// <summary>Linux's answers, with the names Windows can hold as the only names.</summary>
    private sealed class WindowsNamesOnLinux : IFinalPath
    {
        private readonly LinuxProcFinalPath _linux = new();

        public PathStyle Style => PathStyle.Linux with { WindowsNames = true };

        public string OfFile(SafeFileHandle file) => _linux.OfFile(file);

        public string OfFolder(string path) => _linux.OfFolder(path);
    }

    /// <summary>Answers that every opened file lies elsewhere, as a link swapped in after a name check would.</summary>
    private sealed class MovedElsewhere(IFinalPath inner, string elsewhere) : IFinalPath
    {
        public PathStyle Style => inner.Style;

        public string OfFile(SafeFileHandle file) => elsewhere;

        public string OfFolder(string path) => inner.OfFolder(path);
    }
}
