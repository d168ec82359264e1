using System.Globalization;

namespace Ferry.Integration.Tests;

/// <summary>
/// rclone's FTP backend (the Go jlaffaye/ftp client): one connection pool, EPSV data connections, MLSD
/// listings, STOR/RETR transfers and MFMT to set modification times. Each run uses an on-the-fly
/// `:ftp:` remote and no config file, so nothing from a user's rclone setup leaks in.
/// </summary>
public sealed class RcloneTests
{
    /// <summary>rclone's "0 differences found" is its promise that every file matched.</summary>
    private const string NoDifferences = "0 differences found";

    /// <summary>Whole seconds: MFMT and the MLSD modify fact carry no fractions.</summary>
    private static readonly DateTime OldTime = new(2019, 2, 3, 4, 5, 6, DateTimeKind.Utc);

    private static readonly DateTime OtherTime = new(2021, 6, 15, 12, 34, 56, DateTimeKind.Utc);

    private readonly ITestOutputHelper _output;
    private readonly ClientRunner _runner;

    public RcloneTests(ITestOutputHelper output)
    {
        _output = output;
        _runner = new ClientRunner(output);
    }

    [Fact]
    public async Task Copy_up_list_copy_down_and_check_keep_the_tree_byte_for_byte()
    {
        await using var server = await FerryServer.StartAsync(_output);
        var rclone = await RcloneSession.StartAsync(_runner, server);
        var source = WriteSource(server);
        var downloaded = Path.Combine(server.ClientDir, "downloaded");

        var up = await rclone.RunAsync("copy", "--create-empty-src-dirs", source, ":ftp:tree");
        Assert.True(up.Succeeded, up.Describe());

        var listing = await rclone.RunAsync("lsf", "-R", ":ftp:tree");
        Assert.True(listing.Succeeded, listing.Describe());
        var listed = Lines(listing.Stdout);
        foreach (var file in RelativeFiles(source))
        {
            Assert.True(listed.Contains(file), $"rclone lsf -R does not list {file}:\n{listing.Stdout}");
        }

        var down = await rclone.RunAsync("copy", "--create-empty-src-dirs", ":ftp:tree", downloaded);
        Assert.True(down.Succeeded, down.Describe());
        TestFiles.AssertTreesEqual(source, downloaded);
        TestFiles.AssertTreesEqual(source, Path.Combine(server.RootDir, "tree"));

        // With no hash on FTP, check compares sizes; a size Ferry reported wrongly would show as a difference.
        var check = await rclone.RunAsync("check", source, ":ftp:tree");
        Assert.True(check.Succeeded, check.Describe());
        Assert.Contains(NoDifferences, check.Stderr);
    }

    [Fact]
    public async Task Copy_up_keeps_modification_times_which_rclone_sets_with_mfmt()
    {
        await using var server = await FerryServer.StartAsync(_output);
        var rclone = await RcloneSession.StartAsync(_runner, server);
        var source = WriteSource(server);
        File.SetLastWriteTimeUtc(Path.Combine(source, "readme.txt"), OldTime);
        File.SetLastWriteTimeUtc(Path.Combine(source, "names/café.txt"), OtherTime);
        File.SetLastWriteTimeUtc(Path.Combine(source, "big/random-3mib.bin"), OtherTime);

        // --dump headers makes rclone 1.60 log its FTP commands (the password as PASS *****).
        var up = await rclone.RunAsync("copy", "-vv", "--dump", "headers", source, ":ftp:tree");
        Assert.True(up.Succeeded, up.Describe());
        // rclone 1.60 sets the time after each STOR when the server announces MFMT in FEAT.
        Assert.Contains($"MFMT {OtherTime:yyyyMMddHHmmss} tree/names/café.txt", up.Stderr);

        var listing = await rclone.RunAsync("lsl", ":ftp:tree");
        Assert.True(listing.Succeeded, listing.Describe());
        var times = ModificationTimes(listing.Stdout);
        foreach (var file in RelativeFiles(source))
        {
            var expected = File.GetLastWriteTimeUtc(Path.Combine(source, file));
            // MLSD's modify fact has whole seconds, so a fresh file's sub-second part is not carried.
            var wholeSeconds = expected.AddTicks(-(expected.Ticks % TimeSpan.TicksPerSecond));
            Assert.True(times.TryGetValue(file, out var listed), $"rclone lsl does not list {file}:\n{listing.Stdout}");
            Assert.Equal(wholeSeconds, listed);
        }
        Assert.Equal(OldTime, times["readme.txt"]);
        Assert.Equal(OtherTime, times["names/café.txt"]);
        Assert.Equal(OtherTime, File.GetLastWriteTimeUtc(Path.Combine(server.RootDir, "tree/big/random-3mib.bin")));
    }

    [Fact]
    public async Task Delete_and_rmdirs_remove_what_was_uploaded()
    {
        await using var server = await FerryServer.StartAsync(_output);
        var rclone = await RcloneSession.StartAsync(_runner, server);
        var source = WriteSource(server);
        var tree = Path.Combine(server.RootDir, "tree");
        var up = await rclone.RunAsync("copy", "--create-empty-src-dirs", source, ":ftp:tree");
        Assert.True(up.Succeeded, up.Describe());

        var delete = await rclone.RunAsync("delete", ":ftp:tree");
        Assert.True(delete.Succeeded, delete.Describe());
        Assert.Empty(Directory.EnumerateFiles(tree, "*", SearchOption.AllDirectories));
        // delete removes files only: the folders are still there for rmdirs.
        Assert.True(Directory.Exists(Path.Combine(tree, "a/b/c")));

        var rmdirs = await rclone.RunAsync("rmdirs", ":ftp:tree");
        Assert.True(rmdirs.Succeeded, rmdirs.Describe());
        // Without --leave-root, rmdirs removes the emptied top folder too.
        Assert.False(Directory.Exists(tree), $"{tree} is still there");
        Assert.Empty(Directory.EnumerateFileSystemEntries(server.RootDir));
    }

    [Fact]
    public async Task Sync_of_a_changed_file_replaces_it_on_the_server()
    {
        await using var server = await FerryServer.StartAsync(_output);
        var rclone = await RcloneSession.StartAsync(_runner, server);
        var source = WriteSource(server);
        var up = await rclone.RunAsync("copy", "--create-empty-src-dirs", source, ":ftp:tree");
        Assert.True(up.Succeeded, up.Describe());

        var changed = TestFiles.RandomBytes(200_003, seed: 21);
        var changedFile = TestFiles.Write(source, "a/b/c/deep.txt", changed);
        // A different size and time: rclone notices either one.
        File.SetLastWriteTimeUtc(changedFile, OtherTime);
        var sync = await rclone.RunAsync("sync", "-v", "--create-empty-src-dirs", source, ":ftp:tree");
        Assert.True(sync.Succeeded, sync.Describe());
        Assert.Contains("a/b/c/deep.txt: Copied (replaced existing)", sync.Stderr);

        var downloaded = Path.Combine(server.ClientDir, "downloaded");
        var down = await rclone.RunAsync("copy", ":ftp:tree/a/b/c", downloaded);
        Assert.True(down.Succeeded, down.Describe());
        TestFiles.AssertFileHolds(Path.Combine(downloaded, "deep.txt"), changed);
        TestFiles.AssertTreesEqual(source, Path.Combine(server.RootDir, "tree"));
    }

    /// <summary>The sample tree plus names that need care on the wire: spaces and UTF-8.</summary>
    private static string WriteSource(FerryServer server)
    {
        var source = Path.Combine(server.ClientDir, "source");
        TestFiles.WriteSampleTree(source);
        TestFiles.Write(source, "names/with spaces in it.txt", "spaces\n"u8.ToArray());
        TestFiles.Write(source, "names/café.txt", "accent\n"u8.ToArray());
        return source;
    }

    private static List<string> RelativeFiles(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(root, file).Replace('\\', '/'))
            .ToList();

    private static HashSet<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r')).ToHashSet(StringComparer.Ordinal);

    /// <summary>Parses `rclone lsl` lines: "     size yyyy-MM-dd HH:mm:ss.fffffffff path" (rclone prints local time; the runs set TZ=UTC).</summary>
    private static Dictionary<string, DateTime> ModificationTimes(string lsl)
    {
        var times = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var line in Lines(lsl))
        {
            var parts = line.TrimStart().Split(' ', 4);
            Assert.True(parts.Length == 4, $"unexpected rclone lsl line '{line}'");
            var stamp = parts[1] + " " + parts[2][..8];
            times[parts[3]] = DateTime.SpecifyKind(
                DateTime.ParseExact(stamp, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), DateTimeKind.Utc);
        }
        return times;
    }
}
