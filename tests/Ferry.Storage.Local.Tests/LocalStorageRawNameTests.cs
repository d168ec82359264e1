using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;
using Ferry.Core.Files;
using Ferry.Core.Paths;
using Ferry.Core.Storage;

namespace Ferry.Storage.Local.Tests;

/// <summary>A file whose name is not UTF-8 (made with raw bytes, as an old tool would) is listed escaped and reachable by that name, under both jails.</summary>
[SupportedOSPlatform("linux")]
public sealed partial class LocalStorageRawNameTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly TempTree _tree = new();

    public static TheoryData<bool> Jails => new() { true, false };

    public void Dispose() => _tree.Dispose();

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static partial int OpenRaw(byte[] path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteRaw(int fd, byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseRaw(int fd);

    /// <summary>Creates a file whose name is these exact bytes (Latin-1 "café.txt": 0xE9 alone is not UTF-8).</summary>
    private void CreateRaw(string latin1Name, string content)
    {
        var path = Encoding.UTF8.GetBytes(_tree.Root + "/").Concat(Encoding.Latin1.GetBytes(latin1Name)).Append((byte)0).ToArray();
        var fd = OpenRaw(path, 0x41 /* O_WRONLY|O_CREAT */, 0x1A4);
        Assert.True(fd >= 0, $"open failed: errno {Marshal.GetLastPInvokeError()}");
        var bytes = Encoding.UTF8.GetBytes(content);
        Assert.Equal(bytes.Length, (int)WriteRaw(fd, bytes, bytes.Length));
        CloseRaw(fd);
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task It_is_listed_escaped_read_renamed_and_deleted_by_that_name(bool kernelJail)
    {
        CreateRaw("caf\u00E9.txt", "bonjour");
        using var storage = _tree.Storage(kernelJail);

        var names = new List<string>();
        await foreach (var entry in storage.ListAsync(VfsPath.Root, None))
        {
            names.Add(entry.Name);
        }

        Assert.Equal(["caf%E9.txt"], names);
        var stat = await storage.StatAsync(VfsPath.Parse("/caf%E9.txt"), None);
        Assert.Equal(7, stat!.Length);
        await using (var read = await storage.OpenReadAsync(VfsPath.Parse("/caf%E9.txt"), 0, None))
        {
            Assert.Equal("bonjour", await new StreamReader(read.Content).ReadToEndAsync());
        }

        await storage.RenameAsync(VfsPath.Parse("/caf%E9.txt"), VfsPath.Parse("/cafe.txt"), overwrite: false, None);
        Assert.Equal("bonjour", await File.ReadAllTextAsync(Path.Combine(_tree.Root, "cafe.txt")));
        CreateRaw("d\u00E9j\u00E0", "x");
        await storage.DeleteFileAsync(VfsPath.Parse("/d%E9j%E0"), None);
        Assert.Equal(["cafe.txt"], Directory.GetFileSystemEntries(_tree.Root).Select(Path.GetFileName));
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task A_listed_entry_describes_the_file_of_its_own_bytes_whatever_its_name(bool kernelJail)
    {
        // The listing stats each entry by the bytes readdir gave; stat goes by the shown name. Both must find the same file.
        CreateRaw("caf\u00E9.txt", "bonjour");
        _tree.Write("caf%E9.txt", "12345");
        _tree.Write("100%.txt", "123");
        _tree.Write("\u00E9t\u00E9.txt", "1");
        using var storage = _tree.Storage(kernelJail);

        var listed = new List<FileEntry>();
        await foreach (var entry in storage.ListAsync(VfsPath.Root, None))
        {
            listed.Add(entry);
        }

        Assert.Equal(["100%.txt", "caf%25E9.txt", "caf%E9.txt", "\u00E9t\u00E9.txt"], listed.Select(e => e.Name).Order(StringComparer.Ordinal));
        foreach (var entry in listed)
        {
            var stat = await storage.StatAsync(VfsPath.Root.Combine(entry.Name), None);
            Assert.Equal(stat!.Length, entry.Length);
            Assert.Equal(stat.LastModified, entry.LastModified);
            Assert.Equal(stat.ETag, entry.ETag);
            Assert.Equal(stat.Unix, entry.Unix);
        }

        Assert.Equal(7, listed.Single(e => e.Name == "caf%E9.txt").Length);
        Assert.Equal(5, listed.Single(e => e.Name == "caf%25E9.txt").Length);
        await storage.DeleteFileAsync(VfsPath.Parse("/caf%E9.txt"), None); // .NET's recursive delete cannot name it
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task A_name_that_stands_for_bytes_that_are_not_utf8_is_never_written(bool kernelJail)
    {
        using var storage = _tree.Storage(kernelJail);

        var write = await Assert.ThrowsAsync<StorageException>(async () => await storage.OpenWriteAsync(VfsPath.Parse("/caf%E9.txt"), WriteMode.Replace, 0, None));
        var mkdir = await Assert.ThrowsAsync<StorageException>(async () => await storage.CreateDirectoryAsync(VfsPath.Parse("/d%E9j%E0"), None));

        Assert.Equal(FileError.InvalidName, write.Error);
        Assert.Equal(FileError.InvalidName, mkdir.Error);
        Assert.Empty(Directory.GetFileSystemEntries(_tree.Root));
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task A_utf8_name_that_reads_like_an_escape_is_listed_with_its_percent_escaped(bool kernelJail)
    {
        await File.WriteAllTextAsync(Path.Combine(_tree.Root, "caf%E9.txt"), "literal");
        using var storage = _tree.Storage(kernelJail);

        var names = new List<string>();
        await foreach (var entry in storage.ListAsync(VfsPath.Root, None))
        {
            names.Add(entry.Name);
        }

        Assert.Equal(["caf%25E9.txt"], names);
        await using var read = await storage.OpenReadAsync(VfsPath.Parse("/caf%25E9.txt"), 0, None);
        Assert.Equal("literal", await new StreamReader(read.Content).ReadToEndAsync());
    }
}
