using System.Text;
using Ferry.Core.Access.Locks;
using Ferry.Core.Paths;
using Ferry.Ftp.Tests.Support;

namespace Ferry.Ftp.Tests.Session;

/// <summary>
/// FTP honours the shared lock table: a lock another account took (as WebDAV LOCK does) refuses
/// every change on or inside it with 450 naming the holder; the lock's owner is let through.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FtpSessionLockTests
{
    /// <summary>
    /// Each refused change: what runs first (or ""), the command, where the lock is and how deep it
    /// reaches, and what the command gets without the lock (0: an upload that ends 226).
    /// </summary>
    public static TheoryData<string, string, string, LockDepth, int> Changes => new()
    {
        { "", "STOR f.txt", "/f.txt", LockDepth.Zero, 0 },
        { "", "STOR new.txt", "/new.txt", LockDepth.Zero, 0 },
        { "", "STOR dir/inner.txt", "/dir", LockDepth.Infinity, 0 },
        { "", "APPE f.txt", "/f.txt", LockDepth.Zero, 0 },
        { "", "STOU f.txt", "/f.txt", LockDepth.Zero, 0 },
        { "", "STOU dir/u.txt", "/dir", LockDepth.Infinity, 0 },
        { "", "DELE f.txt", "/f.txt", LockDepth.Zero, 250 },
        { "", "DELE dir/inner.txt", "/dir", LockDepth.Infinity, 250 },
        { "", "RNFR f.txt", "/f.txt", LockDepth.Zero, 350 },
        { "", "RNFR dir", "/dir/inner.txt", LockDepth.Zero, 350 },
        { "RNFR f.txt", "RNTO g.txt", "/g.txt", LockDepth.Zero, 250 },
        { "RNFR f.txt", "RNTO dir/g.txt", "/dir", LockDepth.Infinity, 250 },
        { "", "MKD dir/sub", "/dir", LockDepth.Infinity, 257 },
        { "", "MKD locked-name", "/locked-name", LockDepth.Zero, 257 },
        { "", "RMD empty", "/empty", LockDepth.Zero, 250 },
        { "", "RMD empty", "/", LockDepth.Infinity, 250 },
        { "", "SITE CHMOD 600 f.txt", "/f.txt", LockDepth.Zero, 200 },
        { "", "MFMT 20200101000000 f.txt", "/f.txt", LockDepth.Zero, 213 },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task A_change_under_another_accounts_lock_gets_450_naming_the_holder_and_changes_nothing(string first, string command, string locked, LockDepth depth, int allowed)
    {
        await using var server = await PreparedAsync();
        var before = Snapshot(server.Root);
        await using var lease = await LockAsync(server, locked, depth, "bob");
        if (first.Length > 0)
        {
            await server.CommandAsync(first, 350);
        }

        var reply = await server.CommandAsync(command, 450);
        Assert.Contains(" by bob;", reply.Text);
        Assert.Contains("locked", reply.Text);
        Assert.Equal(before, Snapshot(server.Root));
        Assert.Empty(server.Data.ClientEnds);
        Assert.NotEqual(450, allowed);
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task The_locks_owner_is_let_through(string first, string command, string locked, LockDepth depth, int allowed)
    {
        await using var server = await PreparedAsync();
        await using var lease = await LockAsync(server, locked, depth, FtpTestServer.User.ToUpperInvariant());
        if (first.Length > 0)
        {
            await server.CommandAsync(first, 350);
        }

        if (allowed == 0)
        {
            await server.UploadAsync(command, Encoding.ASCII.GetBytes("mine"));
        }
        else
        {
            await server.CommandAsync(command, allowed);
        }
    }

    [Fact]
    public async Task A_lock_taken_between_rnfr_and_rnto_on_the_source_refuses_the_rename()
    {
        await using var server = await PreparedAsync();
        await server.CommandAsync("RNFR f.txt", 350);
        await using var lease = await LockAsync(server, "/f.txt", LockDepth.Zero, "bob");
        var reply = await server.CommandAsync("RNTO g.txt", 450);
        Assert.Contains("/f.txt is locked by bob", reply.Text);
        Assert.True(File.Exists(Path.Combine(server.Root, "f.txt")));
    }

    [Fact]
    public async Task Reading_and_listing_a_locked_file_are_not_refused()
    {
        await using var server = await PreparedAsync();
        await using var lease = await LockAsync(server, "/", LockDepth.Infinity, "bob");
        Assert.Equal("abc", Encoding.ASCII.GetString(await server.DownloadAsync("RETR f.txt")));
        await server.CommandAsync("SIZE f.txt", 213);
        await server.CommandAsync("CWD dir", 250);
    }

    [Fact]
    public async Task An_expired_or_released_lock_refuses_nothing()
    {
        await using var server = await PreparedAsync();
        var lease = await LockAsync(server, "/f.txt", LockDepth.Zero, "bob");
        await server.CommandAsync("DELE f.txt", 450);
        await lease.DisposeAsync();
        await server.CommandAsync("DELE f.txt", 250);
    }

    [Fact]
    public async Task Every_holder_of_shared_locks_is_named()
    {
        await using var server = await PreparedAsync();
        await using var bob = await LockAsync(server, "/f.txt", LockDepth.Zero, "bob", LockScope.Shared);
        await using var carol = await LockAsync(server, "/f.txt", LockDepth.Zero, "carol", LockScope.Shared);
        var reply = await server.CommandAsync("DELE f.txt", 450);
        Assert.Contains("f.txt is locked by bob, carol;", reply.Text);
    }

    /// <summary>A session with f.txt ("abc"), dir/inner.txt and an empty folder, in binary mode, with PASV sent.</summary>
    private static async Task<FtpTestServer> PreparedAsync()
    {
        var server = await FtpTestServer.LoggedInAsync();
        await File.WriteAllTextAsync(Path.Combine(server.Root, "f.txt"), "abc");
        Directory.CreateDirectory(Path.Combine(server.Root, "dir"));
        await File.WriteAllTextAsync(Path.Combine(server.Root, "dir", "inner.txt"), "inner");
        Directory.CreateDirectory(Path.Combine(server.Root, "empty"));
        await server.CommandAsync("TYPE I", 200);
        return server;
    }

    /// <summary>Takes a lock directly on the context's lock manager, as another protocol would; disposing releases it.</summary>
    private static async Task<Lease> LockAsync(FtpTestServer server, string path, LockDepth depth, string owner, LockScope scope = LockScope.Exclusive)
    {
        var key = server.Session.LockSite!.KeyFor(VfsPath.Parse(path));
        var result = await server.Context.Locks.TakeAsync(new LockRequest(key, scope, depth, owner, TimeSpan.FromMinutes(10)), default);
        Assert.Equal(LockOutcome.Granted, result.Outcome);
        return new Lease(server.Context.Locks, result.Lock!);
    }

    /// <summary>Every file and folder under the root with its content, to show that nothing changed.</summary>
    private static string Snapshot(string root) => string.Join("\n", Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
        .Select(entry => Path.GetRelativePath(root, entry) + (File.Exists(entry) ? "=" + File.ReadAllText(entry) + " " + File.GetLastWriteTimeUtc(entry).Ticks + " " + File.GetUnixFileMode(entry) : "/")));

    private sealed class Lease(ILockManager locks, ActiveLock held) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await locks.ReleaseAsync(held.Root, held.Token, held.Owner, default);
    }
}
