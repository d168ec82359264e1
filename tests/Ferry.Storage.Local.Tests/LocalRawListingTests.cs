using System.Runtime.Versioning;
using System.Text;
using Ferry.Core.Files;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.Testing;

namespace Ferry.Storage.Local.Tests;

/// <summary>The raw listing (<see cref="IRawListing"/>) gives what ListAsync gives, entry for entry, odd names included.</summary>
[SupportedOSPlatform("linux")]
public sealed class LocalRawListingTests : IDisposable
{
    private readonly TempTree _tree = new();

    public static TheoryData<bool> Jails => new() { true, false };

    private readonly RawNamedFiles _rawNames;

    public LocalRawListingTests() => _rawNames = new RawNamedFiles(_tree.Root);

    public void Dispose()
    {
        _rawNames.Dispose(); // before the folder: .NET could not delete those names

        _tree.Dispose();
    }

    private void MakeOddTree()
    {
        foreach (var name in new[] { "plain.txt", "a b  c", "café ünï 漢字", "emoji 😀", "100%", "back\\slash", "line\nbreak", "cr\rhere", "c:drive", ".hidden", "tab\there", ".ferry-upload-x" })
        {
            File.WriteAllText(Path.Combine(_tree.Root, name), name);
        }

        _rawNames.Create([0x63, 0x61, 0x66, 0xE9]); // Latin-1 "café": not UTF-8
        _rawNames.Create([0x78, 0xFF, 0xFE]);
        Directory.CreateDirectory(Path.Combine(_tree.Root, "sub"));
        Directory.CreateDirectory(Path.Combine(_tree.Root, "sub2"));
        File.CreateSymbolicLink(Path.Combine(_tree.Root, "link-file"), "plain.txt");
        File.CreateSymbolicLink(Path.Combine(_tree.Root, "link-dir"), "sub");
        File.CreateSymbolicLink(Path.Combine(_tree.Root, "dangling"), "nowhere");
        File.CreateSymbolicLink(Path.Combine(_tree.Root, "outside"), "/etc/passwd");
        File.CreateSymbolicLink(Path.Combine(_tree.Root, "link é"), "sub2");
        File.SetLastWriteTimeUtc(Path.Combine(_tree.Root, "plain.txt"), new DateTime(2019, 3, 5, 10, 0, 0, DateTimeKind.Utc));
    }

    private static string Describe(string name, bool isDirectory, long length, long ticks, UnixFacts? unix, TimeSizeTag? tag) =>
        $"{name}|{isDirectory}|{length}|{ticks}|{unix}|{tag?.ToString() ?? "no tag"}";

    private static async Task<List<string>> ListedAsync(IAsyncEnumerable<FileEntry> listing)
    {
        var lines = new List<string>();
        await foreach (var e in listing)
        {
            lines.Add(Describe(e.Name, e.IsDirectory, e.Length, e.LastModified.UtcTicks, e.Unix, e.TryGetTimeSizeTag(out var tag) ? tag : null));
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static List<string> Raw(IRawEntryReader reader)
    {
        var lines = new List<string>();
        using (reader)
        {
            while (reader.TryRead(out var e))
            {
                lines.Add(Describe(Encoding.UTF8.GetString(e.Name), e.IsDirectory, e.Length, e.LastModifiedUtcTicks, e.Unix, e.Tag));
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task Raw_entries_are_the_entries_ListAsync_gives(bool kernelJail)
    {
        MakeOddTree();
        using var storage = _tree.Storage(kernelJail);

        var expected = await ListedAsync(storage.ListAsync(VfsPath.Root, CancellationToken.None));
        var raw = Raw(storage.OpenRaw(VfsPath.Root));

        Assert.Equal(expected, raw);
        Assert.Contains(raw, line => line.StartsWith("caf%E9|", StringComparison.Ordinal));
        Assert.Contains(raw, line => line.StartsWith("line%0Abreak|", StringComparison.Ordinal));
        Assert.Contains(raw, line => line.StartsWith("link-dir|True|", StringComparison.Ordinal));
        Assert.DoesNotContain(raw, line => line.StartsWith("c:drive|", StringComparison.Ordinal));
        Assert.Contains(raw, line => line.StartsWith("link-file|False|", StringComparison.Ordinal) && line.EndsWith('"'));
        Assert.Contains(raw, line => line.StartsWith("sub|True|", StringComparison.Ordinal) && line.EndsWith("|no tag", StringComparison.Ordinal));
        Assert.Equal(20, raw.Count);
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task FileService_raw_listing_leaves_out_reserved_and_hidden_names_as_ListAsync_does(bool kernelJail)
    {
        MakeOddTree();
        using var storage = _tree.Storage(kernelJail);
        var account = new Account("alice", "hash", "/", Permissions.All, []);
        var files = new FileService(storage, account, filter: () => new RequestFilter { HiddenSegments = ["sub", "a b  c"] });

        var listed = await files.ListAsync(VfsPath.Root, CancellationToken.None);
        var raw = await files.TryListRaw(VfsPath.Root)!.Value;

        var expected = await ListedAsync(listed.Value!);
        var got = Raw(raw.Value!);
        Assert.Equal(expected, got);
        Assert.DoesNotContain(got, line => line.StartsWith(".ferry-upload-", StringComparison.Ordinal) || line.StartsWith("sub|", StringComparison.Ordinal) || line.StartsWith("a b  c|", StringComparison.Ordinal));
        Assert.Contains(got, line => line.StartsWith("sub2|", StringComparison.Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public void Reading_plain_names_allocates_nothing_per_entry(bool kernelJail)
    {
        for (var i = 0; i < 200; i++)
        {
            File.WriteAllText(Path.Combine(_tree.Root, $"file-{i:D3}.bin"), "x");
        }

        using var storage = _tree.Storage(kernelJail);
        // A first listing read to its end: the first end of a folder in a process allocates 32 bytes
        // once (the runtime's first call down that path; 0 in every later listing, checked), which is
        // not what this test is about.
        using (var first = storage.OpenRaw(VfsPath.Root))
        {
            while (first.TryRead(out _))
            {
            }
        }

        using var reader = storage.OpenRaw(VfsPath.Root);
        Assert.True(reader.TryRead(out _));
        var count = 1;
        long before = GC.GetAllocatedBytesForCurrentThread();
        while (reader.TryRead(out var entry))
        {
            count += entry.Name.Length > 0 ? 1 : 0;
        }

        // Entries 2 to 200 and the call that finds the end of the folder.
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(200, count);
    }

    [SkippableTheory]
    [MemberData(nameof(Jails))]
    public async Task A_missing_folder_or_a_file_fails_as_ListAsync_does(bool kernelJail)
    {
        MakeOddTree();
        using var storage = _tree.Storage(kernelJail);
        var files = new FileService(storage, new Account("alice", "hash", "/", Permissions.All, []));

        var missing = await files.TryListRaw(VfsPath.Parse("/nope"))!.Value;
        var file = await files.TryListRaw(VfsPath.Parse("/plain.txt"))!.Value;

        Assert.Equal((await files.ListAsync(VfsPath.Parse("/nope"), CancellationToken.None)).Error, missing.Error);
        Assert.Equal((await files.ListAsync(VfsPath.Parse("/plain.txt"), CancellationToken.None)).Error, file.Error);
        Assert.False(missing.Ok);
        Assert.False(file.Ok);
    }
}
