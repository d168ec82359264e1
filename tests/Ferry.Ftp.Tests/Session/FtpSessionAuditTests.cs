using System.Net;
using System.Text;
using Ferry.Core.Audit;
using Ferry.Ftp.Tests.Support;
using Ferry.Testing;

namespace Ferry.Ftp.Tests.Session;

/// <summary>What a session reports to the audit log: transfers, file changes, folder changes, refusals and logons, never a password.</summary>
public sealed class FtpSessionAuditTests
{
    private static async Task<(FtpTestServer Server, RecordingAuditLog Audit)> LoggedInAsync()
    {
        var audit = new RecordingAuditLog();
        var server = new FtpTestServer(audit: audit);
        await server.LogOnAsync();
        return (server, audit);
    }

    [Fact]
    public async Task Good_and_bad_logons_are_logged_with_the_name_and_never_the_password()
    {
        var audit = new RecordingAuditLog();
        await using (var server = new FtpTestServer(audit: audit))
        {
            await server.ExpectAsync(220);
            await server.CommandAsync($"USER {FtpTestServer.User}", 331);
            await server.CommandAsync("PASS wrong-secret-77", 530);
            await server.CommandAsync($"USER {FtpTestServer.User}", 331);
            await server.CommandAsync($"PASS {FtpTestServer.Password}", 230);
        }

        var events = audit.Events;
        Assert.Equal(["USER", "PASS", "USER", "PASS"], events.Select(e => e.Method));
        Assert.Equal([331, 530, 331, 230], events.Select(e => e.Status));
        Assert.All(events, e => Assert.Equal(FtpTestServer.User, e.User));
        Assert.All(events, e => Assert.Null(e.Path));
        Assert.All(events, e => Assert.Equal("t1", e.SessionId));
        Assert.All(events, e => Assert.Equal("ftp", e.Protocol));
        Assert.All(events, e => Assert.Equal(new IPEndPoint(IPAddress.Loopback, 50000), e.Client));
        Assert.All(events, e => Assert.Equal(new IPEndPoint(IPAddress.Loopback, 2121), e.Server));
        Assert.False(events[1].Succeeded);
        Assert.True(events[3].Succeeded);
        Assert.DoesNotContain(events, e => e.ToString().Contains("wrong-secret-77", StringComparison.Ordinal) || e.ToString().Contains(FtpTestServer.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_download_is_logged_once_with_its_final_reply_and_the_bytes_sent()
    {
        var (server, audit) = await LoggedInAsync();
        await using (server)
        {
            await File.WriteAllTextAsync(Path.Combine(server.Root, "f.txt"), "hello");
            await server.CommandAsync("TYPE I", 200);
            Assert.Equal("hello", Encoding.ASCII.GetString(await server.DownloadAsync("RETR f.txt")));

            // PWD waits for the transfer to end, so its entry has been written once PWD answers.
            await server.CommandAsync("PWD", 257);
        }

        var retr = audit.Single("RETR");
        Assert.Equal("/f.txt", retr.Path);
        Assert.Equal(226, retr.Status);
        Assert.Equal(5, retr.BytesSent);
        Assert.Equal(0, retr.BytesReceived);
        Assert.Equal(AuditTransfer.Download, retr.Transfer);
        Assert.True(retr.Binary);
        Assert.Equal(FtpTestServer.User, retr.User);
        Assert.DoesNotContain(audit.Events, e => e.Method is "PASV" or "TYPE" or "PWD");
    }

    [Fact]
    public async Task An_upload_is_logged_with_the_bytes_received_and_ascii_type()
    {
        var (server, audit) = await LoggedInAsync();
        await using (server)
        {
            await server.UploadAsync("STOR dir name.txt", Encoding.ASCII.GetBytes("a\r\nb\r\n"));
            await server.CommandAsync("PWD", 257);
        }

        var stor = audit.Single("STOR");
        Assert.Equal("/dir name.txt", stor.Path);
        Assert.Equal(226, stor.Status);
        Assert.Equal(6, stor.BytesReceived);
        Assert.Equal(AuditTransfer.Upload, stor.Transfer);
        Assert.False(stor.Binary);
    }

    [Fact]
    public async Task Stou_is_logged_with_the_name_the_server_chose()
    {
        var (server, audit) = await LoggedInAsync();
        await using (server)
        {
            await File.WriteAllTextAsync(Path.Combine(server.Root, "taken"), "x");
            await server.UploadAsync("STOU taken", [1, 2, 3]);
            await server.CommandAsync("PWD", 257);
        }

        Assert.Equal("/taken.1", audit.Single("STOU").Path);
    }

    [Fact]
    public async Task A_transfer_whose_data_connection_never_comes_is_logged_with_425()
    {
        var (server, audit) = await LoggedInAsync();
        await using (server)
        {
            await File.WriteAllTextAsync(Path.Combine(server.Root, "f.txt"), "x");
            await server.CommandAsync("RETR f.txt", 425);
            await server.CommandAsync("PWD", 257);
        }

        var retr = audit.Single("RETR");
        Assert.Equal(425, retr.Status);
        Assert.False(retr.Succeeded);
        Assert.Equal(0, retr.BytesSent);
    }

    [Fact]
    public async Task Deletes_renames_and_folders_are_logged_with_resolved_paths()
    {
        var (server, audit) = await LoggedInAsync();
        await using (server)
        {
            await File.WriteAllTextAsync(Path.Combine(server.Root, "old.txt"), "x");
            await server.CommandAsync("MKD sub", 257);
            await server.CommandAsync("CWD sub", 250);
            await server.CommandAsync("CDUP", 250);
            await server.CommandAsync("RNFR old.txt", 350);
            await server.CommandAsync("RNTO sub/new.txt", 250);
            await server.CommandAsync("DELE sub/new.txt", 250);
            await server.CommandAsync("RMD sub", 250);
        }

        var entries = audit.Events.Where(e => e.Method is not ("USER" or "PASS")).Select(e => (e.Method, e.Path, e.Status));
        Assert.Equal(
        [
            ("MKD", "/sub", 257),
            ("CWD", "/sub", 250),
            ("CDUP", "/", 250),
            ("RNFR", "/old.txt", 350),
            ("RNTO", "/sub/new.txt", 250),
            ("DELE", "/sub/new.txt", 250),
            ("RMD", "/sub", 250),
        ], entries);
    }

    [Fact]
    public async Task Refused_file_commands_are_logged_with_their_reply()
    {
        var audit = new RecordingAuditLog();
        await using (var server = new FtpTestServer(audit: audit))
        {
            await server.ExpectAsync(220);
            await server.CommandAsync("DELE before-logon.txt", 530);
            await server.CommandAsync($"USER {FtpTestServer.User}", 331);
            await server.CommandAsync($"PASS {FtpTestServer.Password}", 230);
            await server.CommandAsync("DELE missing.txt", 550);
            await server.CommandAsync("CWD nowhere", 550);
        }

        var refused = audit.Events.Where(e => e.Method is "DELE" or "CWD").Select(e => (e.Method, e.Path, e.Status, e.User));
        Assert.Equal(
        [
            ("DELE", "/before-logon.txt", 530, (string?)null),
            ("DELE", "/missing.txt", 550, FtpTestServer.User),
            ("CWD", "/nowhere", 550, FtpTestServer.User),
        ], refused);
    }

    [Fact]
    public async Task An_aborted_download_is_logged_with_426_and_stat_and_abor_leave_it_alone()
    {
        var (server, audit) = await LoggedInAsync();
        await using (server)
        {
            await File.WriteAllBytesAsync(Path.Combine(server.Root, "big.bin"), new byte[8 * 1024 * 1024]);
            await server.CommandAsync("TYPE I", 200);
            await server.CommandAsync("PASV", 227);
            await server.SendAsync("RETR big.bin");
            await using var data = await server.DataConnectionAsync();
            await server.ExpectAsync(150);

            // STAT answers during the transfer; its 211 must not end up as the RETR's status.
            await server.CommandAsync("STAT", 211);
            await server.SendAsync("ABOR");
            await server.ExpectAsync(426);
            await server.ExpectAsync(226);
            await server.CommandAsync("PWD", 257);
        }

        var retr = audit.Single("RETR");
        Assert.Equal(426, retr.Status);
        Assert.False(retr.Succeeded);
        Assert.InRange(retr.BytesSent, 0, (8 * 1024 * 1024) - 1);
        Assert.DoesNotContain(audit.Events, e => e.Method is "STAT" or "ABOR");
    }

    [Fact]
    public async Task A_listing_is_logged_with_its_folder_and_the_bytes_sent()
    {
        var (server, audit) = await LoggedInAsync();
        await using (server)
        {
            Directory.CreateDirectory(Path.Combine(server.Root, "sub"));
            await File.WriteAllTextAsync(Path.Combine(server.Root, "sub", "a.txt"), "x");
            var listing = await server.DownloadAsync("LIST -la sub");
            await server.CommandAsync("CWD sub", 250);
            await server.DownloadAsync("NLST");
            await server.CommandAsync("PWD", 257);

            var list = audit.Single("LIST");
            Assert.Equal(("/sub", 226, (long)listing.Length, AuditTransfer.Listing), (list.Path, list.Status, list.BytesSent, list.Transfer));
            Assert.Equal("/sub", audit.Single("NLST").Path);
        }
    }

    [Fact]
    public async Task Nothing_is_built_when_no_audit_log_listens()
    {
        // The default context's log is the null one: a session runs exactly as before.
        await using var server = await FtpTestServer.LoggedInAsync();
        await server.CommandAsync("MKD a", 257);
        Assert.False(server.Context.Audit.IsEnabled);
    }
}
