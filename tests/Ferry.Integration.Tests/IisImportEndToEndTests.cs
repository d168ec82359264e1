using System.Runtime.CompilerServices;
using System.Text;

namespace Ferry.Integration.Tests;

/// <summary>
/// `ferry import iis` end to end: a sample applicationHost.config (IsolateAllDirectories, SslRequire on
/// both channels, a passive range, a read-only folder) becomes ferry.json and disabled accounts;
/// `ferry account passwd` enables one; `ferry serve` on the result enforces the mapped isolation,
/// permissions, passive range and TLS policy against curl and Python's ftplib.
/// </summary>
public sealed class IisImportEndToEndTests
{
    /// <summary>curl: "The user name, password, or similar was not accepted".</summary>
    private const int CurlLoginDenied = 67;

    /// <summary>curl: "Failed starting the upload" (the server refused STOR).</summary>
    private const int CurlUploadFailed = 25;

    private readonly ITestOutputHelper _output;
    private readonly FerryCli _ferry;
    private readonly ClientRunner _runner;

    public IisImportEndToEndTests(ITestOutputHelper output)
    {
        _output = output;
        _ferry = new FerryCli(output);
        _runner = new ClientRunner(output);
    }

    [Fact]
    public async Task An_imported_site_enforces_its_isolation_permissions_passive_range_and_tls_policy()
    {
        // The imported ferry.json names the data folder, the root and the passive range: no flag may override them.
        await using var server = FerryServer.Create(_output, new() { UserFlag = false, FolderFlags = false, PassivePortsFlag = false });
        var (low, high) = (server.Ports.PassiveLow, server.Ports.PassiveLow + 9);
        var home = Path.Combine(server.RootDir, "LocalUser", server.User);
        TestFiles.Write(Path.Combine(home, "readonly"), "report.txt", "quarterly report\n"u8.ToArray());
        Directory.CreateDirectory(Path.Combine(server.RootDir, "LocalUser", "bob"));
        var source = Path.Combine(server.ClientDir, "applicationHost.config");
        await File.WriteAllTextAsync(source, (await File.ReadAllTextAsync(Sample("isolated-ssl-require.config")))
            .Replace("{ROOT}", server.RootDir, StringComparison.Ordinal)
            .Replace("{PORT}", server.Port.ToString(), StringComparison.Ordinal)
            .Replace("{LOW}", low.ToString(), StringComparison.Ordinal)
            .Replace("{HIGH}", high.ToString(), StringComparison.Ordinal));
        var config = Path.Combine(server.WorkingDir, "ferry.json");

        var import = await _ferry.RunAsync(server.ClientDir, null, "import", "iis", source, "--out", config);

        Assert.True(import.Succeeded, import.Describe());
        var json = await File.ReadAllTextAsync(config);
        Assert.Contains("\"PassivePorts\": \"" + low + "-" + high + "\"", json);
        Assert.Contains("\"Mode\": \"Required\"", json);
        var report = await File.ReadAllTextAsync(Path.Combine(server.WorkingDir, "iis-migration-report.md"));
        Assert.Contains("embedded account 'alice'", report);
        Assert.Contains("folders {/readonly: list,read}", report);

        var again = await _ferry.RunAsync(server.ClientDir, null, "import", "iis", source, "--out", config);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("--force", again.Stderr);

        var enableWithoutPassword = await _ferry.RunAsync(server.ClientDir, null, "account", "set", "bob", "--enable", "--config", config);
        Assert.Equal(1, enableWithoutPassword.ExitCode);
        Assert.Contains("no password yet", enableWithoutPassword.Stderr);

        var passwordFile = TestFiles.Write(server.ClientDir, "alice-password.txt", Encoding.ASCII.GetBytes(server.Password + "\n"));
        var passwd = await _ferry.RunAsync(server.ClientDir, null, "account", "passwd", server.User, "--config", config, "--password-file", passwordFile);
        Assert.True(passwd.Succeeded, passwd.Describe());
        Assert.Contains("enabled it", passwd.Stdout);
        var list = await _ferry.RunAsync(server.ClientDir, null, "account", "list", "--config", config);
        Assert.Matches(@"(?m)^alice\s+embedded\s+yes\s", list.Stdout);
        Assert.Matches(@"(?m)^bob\s+embedded\s+no\s", list.Stdout);

        var check = await _ferry.RunAsync(server.WorkingDir, null, "config", "check", config);
        Assert.True(check.Succeeded, check.Describe());

        await server.LaunchAsync();

        var ftplib = await new PythonScript(_output).RunAsync(server, "iis_import.py", ipv6: false, active: false,
            "--low", low.ToString(), "--high", high.ToString());
        PythonScript.AssertPassed(ftplib);

        var upload = TestFiles.Write(server.ClientDir, "curl.txt", "from curl\n"u8.ToArray());
        var plain = await CurlAsync(server, "-T", upload, server.Url("curl.txt"));
        Assert.Equal(CurlLoginDenied, plain.ExitCode);
        Assert.Contains("530", plain.Stderr);

        var readOnly = await CurlAsync(server, "--ssl-reqd", "-T", upload, server.Url("readonly/curl.txt"));
        Assert.Equal(CurlUploadFailed, readOnly.ExitCode);
        Assert.Contains("< 550", readOnly.Stderr);
        Assert.False(File.Exists(Path.Combine(home, "readonly", "curl.txt")), "curl wrote into the read-only folder");

        var writable = await CurlAsync(server, "--ssl-reqd", "-T", upload, server.Url("curl.txt"));
        Assert.True(writable.Succeeded, writable.Describe());
        TestFiles.AssertFileHolds(Path.Combine(home, "curl.txt"), "from curl\n"u8.ToArray());

        // Disabled again, alice is refused at her next logon (the store is read at every logon).
        var disable = await _ferry.RunAsync(server.ClientDir, null, "account", "set", server.User, "--disable", "--config", config);
        Assert.True(disable.Succeeded, disable.Describe());
        var disabled = await CurlAsync(server, "--ssl-reqd", server.Url(""));
        Assert.Equal(CurlLoginDenied, disabled.ExitCode);

        // A new password does not undo a --disable: only an account that never had one is enabled by passwd.
        var passwdAgain = await _ferry.RunAsync(server.ClientDir, null, "account", "passwd", server.User, "--config", config, "--password-file", passwordFile);
        Assert.True(passwdAgain.Succeeded, passwdAgain.Describe());
        Assert.DoesNotContain("enabled", passwdAgain.Stdout);
        Assert.Equal(CurlLoginDenied, (await CurlAsync(server, "--ssl-reqd", server.Url(""))).ExitCode);

        // bob was imported too, but has no password: disabled, he cannot log on with any.
        var bob = await _runner.RunAsync(ClientTools.Require("curl"),
            ["-sS", "-v", "-k", "--fail", "--max-time", "30", "--ssl-reqd", "--user", "bob:", server.Url("")]);
        Assert.Equal(CurlLoginDenied, bob.ExitCode);
    }

    private static string Sample(string name, [CallerFilePath] string file = "") =>
        Path.Combine(Path.GetDirectoryName(file)!, "IisSamples", name);

    private Task<ClientResult> CurlAsync(FerryServer server, params string[] arguments) =>
        _runner.RunAsync(ClientTools.Require("curl"),
            ["-sS", "-v", "-k", "--fail", "--max-time", "30", "--user", server.Credentials, .. arguments]);
}
