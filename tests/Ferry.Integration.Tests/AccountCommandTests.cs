namespace Ferry.Integration.Tests;

/// <summary>`ferry account add|list|passwd|remove` against the embedded store, seen through a running server.</summary>
public sealed class AccountCommandTests
{
    private const string PasswordVariable = "FERRY_TEST_BOB_PASSWORD";
    private static readonly FerryServerOptions StoreAccountsOnly = new() { UserFlag = false };

    private readonly ITestOutputHelper _output;
    private readonly FerryCli _ferry;

    public AccountCommandTests(ITestOutputHelper output)
    {
        _output = output;
        _ferry = new FerryCli(output);
    }

    [Fact]
    public async Task An_added_account_logs_on_into_its_own_home_under_the_root()
    {
        await using var server = FerryServer.Create(_output, StoreAccountsOnly);
        const string password = "bob-first-password";
        await AddBobAsync(server, password);

        var list = await _ferry.RunAsync(server.ClientDir, null, "account", "list", "--data", server.DataDir);
        Assert.True(list.Succeeded, list.Describe());
        Assert.Matches(@"(?m)^bob\s", list.Stdout);

        await server.LaunchAsync();
        var home = Path.Combine(server.RootDir, "bob");
        Assert.False(Directory.Exists(home), "bob's home exists before he logged on");
        await using (var bob = await RawFtpClient.LogOnAsync(server, "bob", password))
        {
            Assert.True(Directory.Exists(home), "bob's home was not created on logon");
            await bob.ExpectCommandAsync("TYPE I", 200);
            using var data = await bob.OpenPassiveAsync();
            await bob.ExpectCommandAsync("STOR upload.txt", 150);
            await data.GetStream().WriteAsync("from bob\n"u8.ToArray());
            data.Close();
            await bob.ExpectAsync(226);
        }
        TestFiles.AssertFileHolds(Path.Combine(home, "upload.txt"), "from bob\n"u8.ToArray());
        Assert.DoesNotContain(password, server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passwd_replaces_the_password_and_remove_ends_the_account()
    {
        await using var server = FerryServer.Create(_output, StoreAccountsOnly);
        const string oldPassword = "bob-old-password";
        const string newPassword = "bob-new-password";
        await AddBobAsync(server, oldPassword);
        await server.LaunchAsync();

        var passwordFile = TestFiles.Write(server.ClientDir, "bob-password.txt", System.Text.Encoding.ASCII.GetBytes(newPassword + "\n"));
        var passwd = await _ferry.RunAsync(server.ClientDir, null, "account", "passwd", "bob", "--data", server.DataDir, "--password-file", passwordFile);
        Assert.True(passwd.Succeeded, passwd.Describe());
        Assert.DoesNotContain(newPassword, passwd.Stdout + passwd.Stderr, StringComparison.Ordinal);

        Assert.Equal(530, await LogOnCodeAsync(server, oldPassword));
        Assert.Equal(230, await LogOnCodeAsync(server, newPassword));

        var remove = await _ferry.RunAsync(server.ClientDir, null, "account", "remove", "bob", "--data", server.DataDir);
        Assert.True(remove.Succeeded, remove.Describe());
        await server.RestartAsync();
        Assert.Equal(530, await LogOnCodeAsync(server, newPassword));
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("bad:name")]
    [InlineData("..")]
    [InlineData("../x")]
    [InlineData("/etc")]
    [InlineData("a/b")]
    public async Task Add_refuses_a_bad_name_with_exit_code_2(string name)
    {
        await using var server = FerryServer.Create(_output, StoreAccountsOnly);
        var result = await _ferry.RunAsync(server.ClientDir, Password("x"), "account", "add", name, "--data", server.DataDir, "--password-env", PasswordVariable);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"'{name}' is not a valid account name", result.Stderr);
        Assert.Contains("letters, digits", result.Stderr);
        var list = await _ferry.RunAsync(server.ClientDir, null, "account", "list", "--data", server.DataDir);
        Assert.Contains("No accounts", list.Stdout);
    }

    [Theory]
    [InlineData("passwd")]
    [InlineData("remove")]
    public async Task Passwd_and_remove_refuse_a_bad_name_with_exit_code_2(string command)
    {
        await using var server = FerryServer.Create(_output, StoreAccountsOnly);
        string[] passwordFlags = command == "passwd" ? ["--password-env", PasswordVariable] : [];
        var result = await _ferry.RunAsync(server.ClientDir, Password("x"), ["account", command, "..", "--data", server.DataDir, .. passwordFlags]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'..' is not a valid account name", result.Stderr);
    }

    [Fact]
    public async Task Add_refuses_a_relative_home_that_leaves_the_root()
    {
        await using var server = FerryServer.Create(_output, StoreAccountsOnly);
        var result = await _ferry.RunAsync(server.ClientDir, Password("x"), "account", "add", "carol", "--home", "../outside", "--data", server.DataDir, "--password-env", PasswordVariable);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--home", result.Stderr);
        Assert.Contains("root", result.Stderr);
    }

    [Fact]
    public async Task Add_refuses_an_unknown_permission_word_with_exit_code_2()
    {
        await using var server = FerryServer.Create(_output, StoreAccountsOnly);
        var result = await _ferry.RunAsync(server.ClientDir, Password("x"), "account", "add", "carol", "--data", server.DataDir, "--password-env", PasswordVariable, "--permissions", "list,fly");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--permissions", result.Stderr);
        Assert.Contains("fly", result.Stderr);
    }

    [Fact]
    public async Task A_password_piped_to_add_is_the_one_that_logs_on()
    {
        await using var server = FerryServer.Create(_output, StoreAccountsOnly);
        const string password = "piped-bob-password";
        var add = await _ferry.RunWithInputAsync(server.ClientDir, password + "\n", "account", "add", "bob", "--data", server.DataDir);
        Assert.True(add.Succeeded, add.Describe());
        Assert.DoesNotContain(password, add.Stdout + add.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Password:", add.Stdout, StringComparison.Ordinal);
        await server.LaunchAsync();

        // The line ending was stripped: the hash is of the password alone.
        var listing = await CurlListAsync(server, "bob", password);
        Assert.True(listing.Succeeded, listing.Describe());
    }

    [Fact]
    public async Task Add_with_empty_piped_input_asks_for_a_password_source_with_exit_code_2()
    {
        await using var server = FerryServer.Create(_output, StoreAccountsOnly);
        var add = await _ferry.RunWithInputAsync(server.ClientDir, "", "account", "add", "bob", "--data", server.DataDir);

        Assert.Equal(2, add.ExitCode);
        Assert.Contains("--generate", add.Stderr);
        var list = await _ferry.RunAsync(server.ClientDir, null, "account", "list", "--data", server.DataDir);
        Assert.Contains("No accounts", list.Stdout);
    }

    [Fact]
    public async Task An_account_of_ferry_json_is_listed_as_such_and_cannot_be_added_changed_or_removed_here()
    {
        await using var server = FerryServer.Create(_output, StoreAccountsOnly);
        const string password = "carol-file-password";
        var hash = await _ferry.RunAsync(server.ClientDir, Password(password), "account", "hash", "--password-env", PasswordVariable);
        Assert.True(hash.Succeeded, hash.Describe());
        File.WriteAllText(Path.Combine(server.WorkingDir, "ferry.json"),
            $$"""{ "Accounts": [ { "Name": "carol", "PasswordHash": "{{hash.Stdout.Trim()}}" } ] }""");
        await AddBobAsync(server, "bob-password", server.WorkingDir);

        var list = await _ferry.RunAsync(server.WorkingDir, null, "account", "list", "--data", server.DataDir);
        Assert.True(list.Succeeded, list.Describe());
        Assert.Matches(@"(?m)^carol\s+ferry\.json\s", list.Stdout);
        Assert.Matches(@"(?m)^bob\s+embedded\s", list.Stdout);

        var add = await _ferry.RunAsync(server.WorkingDir, Password("another-password"), "account", "add", "Carol", "--data", server.DataDir, "--password-env", PasswordVariable);
        Assert.Equal(1, add.ExitCode);
        Assert.Contains("'carol' is already defined in ferry.json", add.Stderr);
        var passwd = await _ferry.RunAsync(server.WorkingDir, Password("another-password"), "account", "passwd", "carol", "--data", server.DataDir, "--password-env", PasswordVariable);
        Assert.Equal(1, passwd.ExitCode);
        Assert.Contains("edit its PasswordHash there", passwd.Stderr);
        var remove = await _ferry.RunAsync(server.WorkingDir, null, "account", "remove", "carol", "--data", server.DataDir);
        Assert.Equal(1, remove.ExitCode);
        Assert.Contains("edit ferry.json to remove it", remove.Stderr);

        await server.LaunchAsync();
        var listing = await CurlListAsync(server, "carol", password);
        Assert.True(listing.Succeeded, listing.Describe());
    }

    private async Task AddBobAsync(FerryServer server, string password, string? workingDirectory = null)
    {
        var add = await _ferry.RunAsync(workingDirectory ?? server.ClientDir, Password(password), "account", "add", "bob", "--data", server.DataDir, "--password-env", PasswordVariable);
        Assert.True(add.Succeeded, add.Describe());
        Assert.DoesNotContain(password, add.Stdout + add.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The reply to PASS: 230 or 530.</summary>
    private static async Task<int> LogOnCodeAsync(FerryServer server, string password)
    {
        await using var client = await RawFtpClient.ConnectAsync(server.Host, server.Port);
        await client.ExpectAsync(220);
        await client.ExpectCommandAsync("USER bob", 331);
        return (await client.CommandAsync($"PASS {password}")).Code;
    }

    /// <summary>A directory listing with curl: succeeds only when the logon did.</summary>
    private Task<ClientResult> CurlListAsync(FerryServer server, string user, string password) =>
        new ClientRunner(_output).RunAsync(ClientTools.Require("curl"), ["-sS", "--fail", "--max-time", "30", "--user", $"{user}:{password}", server.Url("/")]);

    private static Dictionary<string, string> Password(string password) => new() { [PasswordVariable] = password };
}
