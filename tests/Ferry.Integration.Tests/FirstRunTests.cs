using System.Text.RegularExpressions;

namespace Ferry.Integration.Tests;

/// <summary>`ferry serve` with no account, root or data flag: the first-time experience of the README.</summary>
public sealed partial class FirstRunTests
{
    private static readonly FerryServerOptions Bare = new() { UserFlag = false, FolderFlags = false };

    private readonly ITestOutputHelper _output;
    private readonly ClientRunner _runner;

    public FirstRunTests(ITestOutputHelper output)
    {
        _output = output;
        _runner = new ClientRunner(output);
    }

    [Fact]
    public async Task First_start_creates_the_data_folder_and_an_admin_whose_password_is_only_in_an_owner_only_file()
    {
        await using var server = await FerryServer.StartAsync(_output, Bare);

        Assert.Equal(Path.Combine(server.WorkingDir, "ferry-data"), server.DataDir);
        Assert.True(Directory.Exists(server.DataDir), "./ferry-data was not created");
        Assert.True(Directory.Exists(Path.Combine(server.DataDir, "files")), "./ferry-data/files was not created");
        Assert.True(File.Exists(Path.Combine(server.DataDir, "accounts.db")), "./ferry-data/accounts.db was not created");
        var passwordFile = Path.Combine(server.DataDir, "initial-password.txt");
        var password = ReadPassword(passwordFile);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(passwordFile));
        }

        var listing = await ListAsync(server, password);
        Assert.True(listing.Succeeded, listing.Describe());
        // Output is redirected (as under systemd or into a log file): the password must not be printed.
        Assert.DoesNotContain(password, server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Second_start_keeps_the_password_file_and_the_admin_account()
    {
        await using var server = await FerryServer.StartAsync(_output, Bare);
        var passwordFile = Path.Combine(server.DataDir, "initial-password.txt");
        var firstContent = File.ReadAllBytes(passwordFile);
        var firstWrite = File.GetLastWriteTimeUtc(passwordFile);
        var password = ReadPassword(passwordFile);

        await server.RestartAsync();

        Assert.Equal(firstContent, File.ReadAllBytes(passwordFile));
        Assert.Equal(firstWrite, File.GetLastWriteTimeUtc(passwordFile));
        var listing = await ListAsync(server, password);
        Assert.True(listing.Succeeded, listing.Describe());
        Assert.DoesNotContain(password, server.Output, StringComparison.Ordinal);
    }

    private static string ReadPassword(string passwordFile)
    {
        Assert.True(File.Exists(passwordFile), "./ferry-data/initial-password.txt was not created");
        var match = PasswordFile().Match(File.ReadAllText(passwordFile));
        Assert.True(match.Success, "initial-password.txt does not hold 'user: admin' and 'password: ...'");
        return match.Groups["password"].Value;
    }

    private Task<ClientResult> ListAsync(FerryServer server, string password) =>
        _runner.RunAsync(ClientTools.Require("curl"),
            ["-sS", "--fail", "--max-time", "30", "--user", $"admin:{password}", server.Url("/")]);

    [GeneratedRegex(@"\Auser: admin\r?\npassword: (?<password>\S+)\r?\n?\z")]
    private static partial Regex PasswordFile();
}
