using System.Net;
using System.Text;
using Ferry.Core.Access;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Ftp.Tests.Support;

namespace Ferry.Ftp.Tests.Session;

/// <summary>An account's policy over FTP: drop box, command deny list, address rules, TLS policy.</summary>
public sealed class FtpSessionPolicyTests
{
    private static readonly AccountPolicy DropBoxPolicy = new() { Overwrite = false };

    /// <summary>Nothing at the root, write only in /incoming, uploads never replace: the drop box of issue 9.</summary>
    private static FtpTestServer DropBox() => new(
        permissions: Permissions.None,
        folders: [new FolderPermission(VfsPath.Parse("/incoming"), Permissions.Write)],
        policy: DropBoxPolicy);

    [Fact]
    public async Task A_drop_box_enters_its_folder_stores_a_new_file_and_cannot_replace_it()
    {
        await using var server = DropBox();
        Directory.CreateDirectory(Path.Combine(server.Root, "incoming"));
        await server.LogOnAsync();

        // curl's sequence: CWD into the folder (no List anywhere), then STOR.
        await server.CommandAsync("CWD incoming", 250);
        await server.UploadAsync("STOR report.txt", "first"u8.ToArray());

        await server.CommandAsync("PASV", 227);
        var refused = await server.CommandAsync("STOR report.txt", 553);
        Assert.Contains("never replace", refused.Text, StringComparison.Ordinal);
        Assert.Equal("first", await File.ReadAllTextAsync(Path.Combine(server.Root, "incoming", "report.txt")));

        // Appending or resuming would change it too.
        await server.CommandAsync("PASV", 227);
        await server.CommandAsync("APPE report.txt", 553);
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("REST 2", 350);
        await server.CommandAsync("PASV", 227);
        await server.SendAsync("STOR report.txt");
        var resumed = await server.ReadReplyAsync();
        Assert.True(resumed.Code is 550 or 553, $"a resumed upload onto the file was not refused: {resumed}");
        Assert.Equal("first", await File.ReadAllTextAsync(Path.Combine(server.Root, "incoming", "report.txt")));

        // STOU makes a new name: allowed.
        await server.UploadAsync("STOU report.txt", "second"u8.ToArray());
    }

    [Theory]
    [InlineData("RETR report.txt")]
    [InlineData("LIST")]
    [InlineData("NLST")]
    [InlineData("MLSD")]
    [InlineData("DELE report.txt")]
    [InlineData("SIZE report.txt")]
    public async Task A_drop_box_may_not_read_list_or_delete(string command)
    {
        await using var server = DropBox();
        Directory.CreateDirectory(Path.Combine(server.Root, "incoming"));
        await File.WriteAllTextAsync(Path.Combine(server.Root, "incoming", "report.txt"), "secret");
        await server.LogOnAsync();
        await server.CommandAsync("CWD /incoming", 250);

        await server.CommandAsync("PASV", 227);
        await server.CommandAsync(command, 550);
        Assert.Equal("secret", await File.ReadAllTextAsync(Path.Combine(server.Root, "incoming", "report.txt")));
    }

    [Fact]
    public async Task A_drop_box_cannot_enter_a_folder_where_it_has_no_right()
    {
        await using var server = DropBox();
        Directory.CreateDirectory(Path.Combine(server.Root, "incoming"));
        Directory.CreateDirectory(Path.Combine(server.Root, "private"));
        await server.LogOnAsync();

        await server.CommandAsync("CWD private", 550);
        await server.CommandAsync("CWD missing", 550);
        Assert.Contains("\"/\"", (await server.CommandAsync("PWD", 257)).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SITE CHMOD 600 a.txt", "SITE")]
    [InlineData("XMKD newdir", "MKD")]
    [InlineData("mkd newdir", "MKD")]
    [InlineData("DELE a.txt", "DELE")]
    public async Task A_denied_command_gets_550_saying_so_and_its_alias_with_it(string command, string denied)
    {
        await using var server = new FtpTestServer(policy: new AccountPolicy { DeniedCommands = [denied] });
        await File.WriteAllTextAsync(Path.Combine(server.Root, "a.txt"), "x");
        await server.LogOnAsync();

        var reply = await server.CommandAsync(command, 550);

        Assert.EndsWith("is not allowed for this account.", reply.Text, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(server.Root, "a.txt")));
        Assert.False(Directory.Exists(Path.Combine(server.Root, "newdir")));
        await server.CommandAsync("NOOP", 200);
    }

    [Fact]
    public async Task A_deny_list_does_not_touch_the_pre_login_surface_or_other_commands()
    {
        await using var server = new FtpTestServer(policy: new AccountPolicy { DeniedCommands = ["QUIT", "FEAT", "DELE"] });
        await server.LogOnAsync();

        await server.CommandAsync("FEAT", 211);
        await server.CommandAsync("MKD d", 257);
        await server.CommandAsync("QUIT", 221);
    }

    [Fact]
    public async Task An_address_the_account_does_not_admit_is_refused_at_user_and_pass_is_never_checked()
    {
        await using var server = new FtpTestServer(
            client: IPAddress.Parse("::ffff:192.0.2.55"),
            policy: new AccountPolicy { Addresses = new AddressRules { Allow = [IPNetwork.Parse("10.0.0.0/8")] } });
        await server.ExpectAsync(220);

        var reply = await server.CommandAsync($"USER {FtpTestServer.User}", 530);

        Assert.Equal("530 Logon refused: this account may not be used from your address.", reply.Text);
        await server.CommandAsync($"PASS {FtpTestServer.Password}", 503);
    }

    [Fact]
    public async Task Refused_addresses_count_as_failed_logons_and_close_the_connection()
    {
        await using var server = new FtpTestServer(
            client: IPAddress.Parse("192.0.2.55"),
            options: new FtpOptions { MaxLogonFailures = 2 },
            policy: new AccountPolicy { Addresses = new AddressRules { Deny = [IPNetwork.Parse("192.0.2.0/24")] } });
        await server.ExpectAsync(220);

        await server.CommandAsync($"USER {FtpTestServer.User}", 530);
        var last = await server.CommandAsync($"USER {FtpTestServer.User}", 530);

        Assert.Contains("Closing the connection", last.Text, StringComparison.Ordinal);
        Assert.True(await server.ClosedAsync());
    }

    [Fact]
    public async Task An_account_that_requires_tls_is_refused_in_the_clear_before_pass_and_logs_on_after_auth_tls()
    {
        await using var server = new FtpTestServer(
            options: new FtpOptions { Tls = TestCertificate.Options() },
            policy: new AccountPolicy { Tls = new TlsPolicy(ControlChannelPolicy.Require) });
        await server.ExpectAsync(220);

        var refused = await server.CommandAsync($"USER {FtpTestServer.User}", 530);
        Assert.Contains("AUTH TLS", refused.Text, StringComparison.Ordinal);
        await server.CommandAsync($"PASS {FtpTestServer.Password}", 503);

        await server.CommandAsync("AUTH TLS", 234);
        await server.StartTlsAsync();
        await server.CommandAsync($"USER {FtpTestServer.User}", 331);
        await server.CommandAsync($"PASS {FtpTestServer.Password}", 230);
    }

    [Fact]
    public async Task An_account_that_requires_protected_data_gets_521_for_a_clear_transfer_until_prot_p()
    {
        await using var server = await FtpTestServer.LoggedInOverTlsAsync(
            new FtpOptions { Tls = TestCertificate.Options(), DataConnectTimeout = TimeSpan.FromSeconds(5) },
            new AccountPolicy { Tls = new TlsPolicy(Data: DataChannelPolicy.Require) });
        await File.WriteAllTextAsync(Path.Combine(server.Root, "a.txt"), "hello");

        await server.CommandAsync("PROT C", 200);
        await server.CommandAsync("PASV", 227);
        var refused = await server.CommandAsync("RETR a.txt", 521);
        Assert.Contains("PROT P", refused.Text, StringComparison.Ordinal);

        await server.CommandAsync("PROT P", 200);
        Assert.Equal("hello", Encoding.UTF8.GetString(await server.DownloadAsync("RETR a.txt")));
    }

    [Fact]
    public async Task Without_a_policy_an_account_keeps_todays_behaviour()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await File.WriteAllTextAsync(Path.Combine(server.Root, "a.txt"), "old");

        await server.UploadAsync("STOR a.txt", "new"u8.ToArray());

        Assert.Equal("new", await File.ReadAllTextAsync(Path.Combine(server.Root, "a.txt")));
    }
}
