using System.Text;
using Ferry.Core.Access.Locks;
using Ferry.Core.Paths;
using Ferry.Ftp.Tests.Support;

namespace Ferry.Ftp.Tests.Session;

/// <summary>One writer per file: an upload claims its file in the shared lock table, and a second writer gets 450.</summary>
public sealed class FtpSessionWriteClaimTests
{
    private static LockKey KeyFor(FtpTestServer server, string path) => server.Session.LockSite!.KeyFor(VfsPath.Parse(path));

    [Theory]
    [InlineData("APPE log.txt")]
    [InlineData("STOR log.txt")]
    public async Task A_write_to_a_file_another_writer_holds_gets_450_and_changes_nothing(string command)
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        var file = Path.Combine(server.Root, "log.txt");
        await File.WriteAllTextAsync(file, "abc");

        // Another session (or protocol) is writing the file.
        await using (var other = await server.Context.Locks.TryClaimWriteAsync(KeyFor(server, "/log.txt"), "bob", default))
        {
            Assert.NotNull(other);
            await server.CommandAsync("TYPE I", 200);
            await server.CommandAsync("PASV", 227);
            var reply = await server.CommandAsync(command, 450);
            Assert.Contains("another upload to this file is in progress", reply.Text);
            Assert.Equal("abc", await File.ReadAllTextAsync(file));
        }

        // Once it is done, the file is free again.
        await server.UploadAsync(command, Encoding.ASCII.GetBytes("def"));
    }

    [Theory]
    [InClearAndOverTls]
    public async Task An_upload_holds_its_claim_while_it_runs_and_gives_it_back_when_it_ends(Transport transport)
    {
        await using var server = await FtpTestServer.LoggedInAsync(transport);
        await File.WriteAllTextAsync(Path.Combine(server.Root, "log.txt"), "abc");
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("PASV", 227);
        await server.SendAsync("APPE log.txt");
        await using (var data = await server.DataConnectionAsync())
        {
            await server.ExpectAsync(150);
            await data.WriteAsync(Encoding.ASCII.GetBytes("AAAA"));

            // A second APPE (any session, any protocol) cannot interleave its bytes now.
            Assert.Null(await server.Context.Locks.TryClaimWriteAsync(KeyFor(server, "/log.txt"), "bob", default));

            await data.WriteAsync(Encoding.ASCII.GetBytes("AAAA"));
            await data.CompleteWritingAsync();
            await server.ExpectAsync(226);
        }

        await using var after = await server.Context.Locks.TryClaimWriteAsync(KeyFor(server, "/log.txt"), "bob", default);
        Assert.NotNull(after);
        Assert.Equal("abcAAAAAAAA", await File.ReadAllTextAsync(Path.Combine(server.Root, "log.txt")));
    }

    [Fact]
    public async Task A_refused_or_failed_upload_gives_its_claim_back()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        Directory.CreateDirectory(Path.Combine(server.Root, "dir"));
        await server.CommandAsync("PASV", 227);
        await server.CommandAsync("STOR dir", 550);
        await server.CommandAsync("STOR missing/f.txt", 550);
        Assert.NotNull(await server.Context.Locks.TryClaimWriteAsync(KeyFor(server, "/dir"), "bob", default));
        Assert.NotNull(await server.Context.Locks.TryClaimWriteAsync(KeyFor(server, "/missing/f.txt"), "bob", default));
    }

    [Fact]
    public async Task Stou_passes_over_a_name_someone_is_writing()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await using var other = await server.Context.Locks.TryClaimWriteAsync(KeyFor(server, "/report.txt"), "bob", default);
        await server.CommandAsync("PASV", 227);
        await server.SendAsync("STOU report.txt");
        await using var data = await server.DataConnectionAsync();
        var opening = await server.ExpectAsync(150);
        Assert.Contains("FILE: report.txt.1", opening.Text);
        await data.CompleteWritingAsync();
        await server.ExpectAsync(226);
    }
}
