namespace Ferry.Integration.Tests;

/// <summary>
/// `ferry account add|set` with quota and policy options on the embedded store, met by a real client
/// against the real process.
/// </summary>
public sealed class AccountSettingsCommandTests
{
    private const string PasswordVariable = "FERRY_TEST_BOB_PASSWORD";
    private const string Password = "bob-settings-password";
    private static readonly FerryServerOptions StoreAccountsOnly = new() { UserFlag = false };

    private readonly ITestOutputHelper _output;
    private readonly FerryCli _ferry;
    private readonly ClientRunner _runner;

    public AccountSettingsCommandTests(ITestOutputHelper output)
    {
        _output = output;
        _ferry = new FerryCli(output);
        _runner = new ClientRunner(output);
    }

    [Fact]
    public async Task An_account_added_with_a_quota_gets_552_for_an_upload_past_it_and_list_shows_it()
    {
        await using var server = FerryServer.Create(_output, StoreAccountsOnly);
        var add = await AccountAsync(server, "add", "bob", "--password-env", PasswordVariable, "--quota-bytes", "1000", "--deny-command", "SITE");
        Assert.True(add.Succeeded, add.Describe());

        var list = await AccountAsync(server, "list");
        Assert.True(list.Succeeded, list.Describe());
        Assert.Matches(@"(?m)^bob\s.*quota 1 KB; denies SITE$", list.Stdout);

        await server.LaunchAsync();
        var small = TestFiles.Write(server.ClientDir, "small.bin", new byte[500]);
        var stored = await CurlAsync("-T", small, server.Url("small.bin"));
        Assert.True(stored.Succeeded, stored.Describe());

        var big = TestFiles.Write(server.ClientDir, "big.bin", new byte[2000]);
        var refused = await CurlAsync("-v", "-T", big, server.Url("big.bin"));
        Assert.False(refused.Succeeded, refused.Describe());
        Assert.Contains("< 552 big.bin: quota exceeded: ", refused.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(server.RootDir, "bob", "big.bin")), "the refused file was left behind");

        await using var bob = await RawFtpClient.LogOnAsync(server, "bob", Password);
        await bob.ExpectCommandAsync("SITE HELP", 550);
    }

    [Fact]
    public async Task Set_while_the_server_runs_reaches_the_next_logon_and_none_lifts_it()
    {
        await using var server = FerryServer.Create(_output, StoreAccountsOnly);
        var add = await AccountAsync(server, "add", "bob", "--password-env", PasswordVariable);
        Assert.True(add.Succeeded, add.Describe());
        await server.LaunchAsync();
        var big = TestFiles.Write(server.ClientDir, "big.bin", new byte[2000]);

        var set = await AccountAsync(server, "set", "bob", "--quota-bytes", "1KB", "--no-overwrite");
        Assert.True(set.Succeeded, set.Describe());
        var refused = await CurlAsync("-v", "-T", big, server.Url("big.bin"));
        Assert.Contains("< 552 big.bin: quota exceeded: ", refused.Stderr, StringComparison.Ordinal);

        var lifted = await AccountAsync(server, "set", "bob", "--quota-bytes", "none");
        Assert.True(lifted.Succeeded, lifted.Describe());
        var stored = await CurlAsync("-T", big, server.Url("big.bin"));
        Assert.True(stored.Succeeded, stored.Describe());

        // Still a drop box: the file that now exists is not replaced.
        var replaced = await CurlAsync("-v", "-T", big, server.Url("big.bin"));
        Assert.False(replaced.Succeeded, replaced.Describe());
        Assert.Contains("< 553 ", replaced.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_added_with_a_mount_sees_that_folder_at_its_path_and_none_removes_it()
    {
        await using var server = FerryServer.Create(_output, StoreAccountsOnly);
        var reports = Directory.CreateDirectory(Path.Combine(server.DataDir, "..", "reports-outside-root")).FullName;
        File.WriteAllText(Path.Combine(reports, "q3.csv"), "north,42\n");
        var add = await AccountAsync(server, "add", "bob", "--password-env", PasswordVariable, "--mount", $"/reports={reports}");
        Assert.True(add.Succeeded, add.Describe());
        Assert.Contains($"/reports={reports}", add.Stdout, StringComparison.Ordinal);

        // What an upload interrupted by a crash leaves in the mounted folder is swept at start, as in the root.
        var stale = Path.Combine(reports, ".ferry-upload-left-by-a-crash");
        File.WriteAllText(stale, "partial");

        await server.LaunchAsync();
        Assert.False(File.Exists(stale), "the start-up sweep skipped the store account's mounted folder");
        var listing = await CurlAsync(server.Url(""));
        Assert.True(listing.Succeeded, listing.Describe());
        Assert.Matches(@"(?m)^d.* reports\r?$", listing.Stdout);
        var download = await CurlAsync(server.Url("reports/q3.csv"));
        Assert.Equal("north,42\n", download.Stdout);
        var upload = TestFiles.Write(server.ClientDir, "q4.csv", "south,7\n"u8.ToArray());
        Assert.True((await CurlAsync("-T", upload, server.Url("reports/q4.csv"))).Succeeded);
        Assert.Equal("south,7\n", File.ReadAllText(Path.Combine(reports, "q4.csv")));

        // "none" removes it from the next logon on; the folder and its files stay.
        Assert.True((await AccountAsync(server, "set", "bob", "--mount", "none")).Succeeded);
        Assert.False((await CurlAsync(server.Url("reports/q3.csv"))).Succeeded);
        Assert.True(File.Exists(Path.Combine(reports, "q3.csv")));
    }

    [Theory]
    [InlineData("--mount", "/reports=/no/such/folder")]
    [InlineData("--mount", "reports")]
    [InlineData("--quota-bytes", "10G")]
    [InlineData("--quota-files", "-1")]
    [InlineData("--upload-rate", "100")]
    [InlineData("--allow-from", "10.0.0.0/33")]
    [InlineData("--max-sessions", "0")]
    [InlineData("--tls-data", "RequireCredentialsOnly")]
    public async Task A_bad_value_exits_2_naming_the_option_and_changes_nothing(string option, string value)
    {
        await using var server = FerryServer.Create(_output, StoreAccountsOnly);
        var refusedAdd = await AccountAsync(server, "add", "bob", "--password-env", PasswordVariable, option, value);
        Assert.Equal(2, refusedAdd.ExitCode);
        Assert.Contains(option, refusedAdd.Stderr, StringComparison.Ordinal);

        Assert.True((await AccountAsync(server, "add", "bob", "--password-env", PasswordVariable, "--max-sessions", "3")).Succeeded);
        var refusedSet = await AccountAsync(server, "set", "bob", option, value);
        Assert.Equal(2, refusedSet.ExitCode);
        Assert.Contains(option, refusedSet.Stderr, StringComparison.Ordinal);

        var list = await AccountAsync(server, "list");
        Assert.Matches(@"(?m)^bob\s.*\s3 sessions$", list.Stdout);
    }

    private Task<ClientResult> AccountAsync(FerryServer server, params string[] arguments) =>
        _ferry.RunAsync(server.ClientDir, new Dictionary<string, string> { [PasswordVariable] = Password }, ["account", .. arguments, "--data", server.DataDir]);

    private Task<ClientResult> CurlAsync(params string[] arguments) =>
        _runner.RunAsync(ClientTools.Require("curl"), ["-sS", "--max-time", "60", "-u", $"bob:{Password}", .. arguments]);
}
