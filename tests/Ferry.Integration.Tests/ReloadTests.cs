using System.Text.Json;
using Ferry.Core.Identity;

namespace Ferry.Integration.Tests;

/// <summary>
/// `systemctl reload ferry` (SIGHUP) and edits of ferry.json: accounts change without a restart,
/// open sessions survive what they can, a removed account's sessions end, and a configuration with
/// a mistake is refused while the running one stays.
/// </summary>
public sealed class ReloadTests
{
    /// <summary>A cheap hash: these tests are about reloading, not hashing cost.</summary>
    private static readonly Pbkdf2PasswordHasher Hasher = new(new PasswordHashOptions { Iterations = 1_000 });

    /// <summary>One hash per password, so that rewriting an unchanged account does not change it (a new salt would).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Hashes = new();

    private static readonly TimeSpan ReloadTimeout = TimeSpan.FromSeconds(20);

    private readonly ITestOutputHelper _output;

    public ReloadTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task A_new_password_counts_for_new_logons_while_the_open_session_goes_on()
    {
        await using var server = FerryServer.Create(_output);
        var config = WriteConfig(server, ("carol", "old-password", Enabled: true));
        await server.LaunchAsync();
        await using var open = await RawFtpClient.LogOnAsync(server, "carol", "old-password");

        WriteConfig(server, [("carol", "new-password", Enabled: true)], path: config);
        server.HangUp();
        // The file watch may see the edit first; either reload applies it.
        Assert.True(await server.WaitForOutputAsync("Configuration reloaded (", ReloadTimeout), "no reload was logged");

        await open.ExpectCommandAsync("PWD", 257);
        await using var stale = await RawFtpClient.ConnectAsync(server.Host, server.Port);
        await stale.ExpectAsync(220);
        await stale.ExpectCommandAsync("USER carol", 331);
        await stale.ExpectCommandAsync("PASS old-password", 530);
        await using var fresh = await RawFtpClient.LogOnAsync(server, "carol", "new-password");
        await fresh.ExpectCommandAsync("NOOP", 200);
    }

    [Fact]
    public async Task A_removed_account_s_open_session_ends_with_421_saying_why()
    {
        await using var server = FerryServer.Create(_output);
        var config = WriteConfig(server, ("carol", "pw-carol", Enabled: true), ("dave", "pw-dave", Enabled: true));
        await server.LaunchAsync();
        await using var carol = await RawFtpClient.LogOnAsync(server, "carol", "pw-carol");
        await using var dave = await RawFtpClient.LogOnAsync(server, "dave", "pw-dave");

        WriteConfig(server, [("dave", "pw-dave", Enabled: true)], path: config);
        server.HangUp();

        var farewell = await carol.ReadReplyAsync();
        Assert.Equal(421, farewell.Code);
        Assert.Contains("removed", farewell.Text, StringComparison.Ordinal);
        Assert.True(await carol.IsClosedByServerAsync(), "the removed account's connection stayed open");
        await dave.ExpectCommandAsync("NOOP", 200);
        Assert.True(await server.WaitForOutputAsync("1 removed; 1 session(s) ended", ReloadTimeout), "no reload was logged");
    }

    [Fact]
    public async Task A_configuration_with_a_mistake_is_refused_and_the_running_one_stays()
    {
        await using var server = FerryServer.Create(_output);
        var config = WriteConfig(server, ("carol", "pw-carol", Enabled: true));
        await server.LaunchAsync();
        // A session open before the refused reload: it must go on too, not only new logons.
        await using var open = await RawFtpClient.LogOnAsync(server, "carol", "pw-carol");

        File.WriteAllText(config, File.ReadAllText(config).Replace("\"PasswordHash\"", "\"Password\"", StringComparison.Ordinal));
        server.HangUp();

        Assert.True(await server.WaitForOutputAsync("Configuration not reloaded (SIGHUP)", ReloadTimeout), "the refusal was not logged");
        Assert.True(await server.WaitForOutputAsync("The running configuration stays.", ReloadTimeout));
        Assert.False(server.HasExited);
        await open.ExpectCommandAsync("NOOP", 200);
        await using var carol = await RawFtpClient.LogOnAsync(server, "carol", "pw-carol");
        await carol.ExpectCommandAsync("NOOP", 200);
    }

    [Fact]
    public async Task Saving_the_file_reloads_it_without_a_signal()
    {
        await using var server = FerryServer.Create(_output);
        var config = WriteConfig(server, ("carol", "pw-carol", Enabled: true));
        await server.LaunchAsync();

        WriteConfig(server, [("carol", "pw-carol", Enabled: true), ("erin", "pw-erin", Enabled: true)], path: config);

        Assert.True(await server.WaitForOutputAsync("(ferry.json changed): accounts 1 added", ReloadTimeout), "the edit was not picked up");
        await using var erin = await RawFtpClient.LogOnAsync(server, "erin", "pw-erin");
        await erin.ExpectCommandAsync("NOOP", 200);
    }

    [Fact]
    public async Task A_disabled_account_can_no_longer_log_on_and_its_session_ends()
    {
        await using var server = FerryServer.Create(_output);
        var config = WriteConfig(server, ("carol", "pw-carol", Enabled: true));
        await server.LaunchAsync();
        await using var carol = await RawFtpClient.LogOnAsync(server, "carol", "pw-carol");

        WriteConfig(server, [("carol", "pw-carol", Enabled: false)], path: config);
        server.HangUp();

        var farewell = await carol.ReadReplyAsync();
        Assert.Equal(421, farewell.Code);
        Assert.Contains("disabled", farewell.Text, StringComparison.Ordinal);
        await using var again = await RawFtpClient.ConnectAsync(server.Host, server.Port);
        await again.ExpectAsync(220);
        await again.ExpectCommandAsync("USER carol", 331);
        await again.ExpectCommandAsync("PASS pw-carol", 530);
    }

    [Fact]
    public async Task A_lower_connection_limit_refuses_the_next_connection_and_keeps_the_open_ones()
    {
        await using var server = FerryServer.Create(_output);
        var config = Path.Combine(server.WorkingDir, "ferry.json");
        File.WriteAllText(config, """{ "Ftp": { "MaxConnectionsPerAddress": 10 } }""");
        await server.LaunchAsync();
        await using var first = await RawFtpClient.LogOnAsync(server);
        await using var second = await RawFtpClient.LogOnAsync(server);

        File.WriteAllText(config, """{ "Ftp": { "MaxConnectionsPerAddress": 2 } }""");
        server.HangUp();
        Assert.True(await server.WaitForOutputAsync("Configuration reloaded (", ReloadTimeout), "no reload was logged");

        await using var third = await RawFtpClient.ConnectAsync(server.Host, server.Port);
        var refusal = await third.ReadReplyAsync();
        Assert.Equal(421, refusal.Code);
        await first.ExpectCommandAsync("NOOP", 200);
        await second.ExpectCommandAsync("NOOP", 200);
        Assert.DoesNotContain("take effect only after a restart", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_rights_count_from_an_open_session_s_next_command()
    {
        await using var server = FerryServer.Create(_output);
        var config = Path.Combine(server.WorkingDir, "ferry.json");
        Directory.CreateDirectory(Path.Combine(server.RootDir, "carol"));
        var hash = Hashes.GetOrAdd("pw-carol", Hasher.Hash);
        File.WriteAllText(config, $$"""{ "Accounts": [ { "Name": "carol", "PasswordHash": "{{hash}}", "Permissions": "all" } ] }""");
        await server.LaunchAsync();
        await using var carol = await RawFtpClient.LogOnAsync(server, "carol", "pw-carol");
        await carol.ExpectCommandAsync("MKD before", 257);

        File.WriteAllText(config, $$"""{ "Accounts": [ { "Name": "carol", "PasswordHash": "{{hash}}", "Permissions": "list,read" } ] }""");
        server.HangUp();
        Assert.True(await server.WaitForOutputAsync("Configuration reloaded (", ReloadTimeout), "no reload was logged");

        // The same session, not logged on again: its next command is checked against the new rights.
        await carol.ExpectCommandAsync("MKD after", 550);
        await carol.ExpectCommandAsync("PWD", 257);
        Assert.False(Directory.Exists(Path.Combine(server.RootDir, "carol", "after")));
    }

    [Fact]
    public async Task A_changed_port_is_named_as_needing_a_restart_and_the_server_keeps_its_port()
    {
        await using var server = FerryServer.Create(_output);
        var config = Path.Combine(server.WorkingDir, "ferry.json");
        File.WriteAllText(config, """{ "Ftp": { "Banner": "first" } }""");
        await server.LaunchAsync();

        File.WriteAllText(config, """{ "Ftp": { "Banner": "second" } }""");
        server.HangUp();

        Assert.True(await server.WaitForOutputAsync("Changed settings that take effect only after a restart: Ftp:Banner", ReloadTimeout), "the change needing a restart was not named");
        await using var client = await RawFtpClient.LogOnAsync(server);
        await client.ExpectCommandAsync("NOOP", 200);
    }

    [Fact]
    public async Task A_new_log_level_applies_without_a_restart()
    {
        await using var server = FerryServer.Create(_output);
        var config = Path.Combine(server.WorkingDir, "ferry.json");
        File.WriteAllText(config, """{ "Logging": { "LogLevel": { "Default": "Information" } } }""");
        await server.LaunchAsync();
        await using (var quiet = await RawFtpClient.LogOnAsync(server))
        {
            await quiet.ExpectCommandAsync("NOOP", 200);
        }

        Assert.DoesNotContain("<- NOOP", server.Output, StringComparison.Ordinal);

        File.WriteAllText(config, """{ "Logging": { "LogLevel": { "Default": "Debug" } } }""");
        server.HangUp();
        Assert.True(await server.WaitForOutputAsync("Configuration reloaded (", ReloadTimeout), "no reload was logged");

        // Debug logs every command a session sends.
        await using var chatty = await RawFtpClient.LogOnAsync(server);
        await chatty.ExpectCommandAsync("NOOP", 200);
        Assert.True(await server.WaitForOutputAsync("<- NOOP", ReloadTimeout), "the Debug level did not take effect");
    }

    [Fact]
    public async Task A_removed_account_is_signed_out_of_webdav_too()
    {
        await using var server = FerryServer.Create(_output);
        var config = WriteConfig(server, ("carol", "pw-carol", Enabled: true));
        TestFiles.Write(Path.Combine(server.RootDir, "carol"), "note.txt", "for carol"u8.ToArray());
        await server.LaunchAsync();
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("carol:pw-carol")));
        Assert.Equal("for carol", await http.GetStringAsync(server.DavUrl("note.txt")));

        WriteConfig(server, [], path: config);
        server.HangUp();
        Assert.True(await server.WaitForOutputAsync("1 removed", ReloadTimeout), "no reload was logged");

        // The same client, on a keep-alive connection that held carol's logon: signed out now.
        using var again = await http.GetAsync(server.DavUrl("note.txt"));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, again.StatusCode);
    }

    [Fact]
    public async Task Sigusr1_is_logged_and_ignored_not_fatal()
    {
        const int sigUsr1 = 10;
        await using var server = await FerryServer.StartAsync(_output);

        server.Signal(sigUsr1, "SIGUSR1");

        Assert.True(await server.WaitForOutputAsync("SIGUSR1 received: nothing to do", ReloadTimeout), "SIGUSR1 was not logged");
        Assert.False(server.HasExited);
        await using var client = await RawFtpClient.LogOnAsync(server);
        await client.ExpectCommandAsync("NOOP", 200);
    }

    /// <summary>
    /// What certbot's renewal does: new files at the same paths, then (with <paramref name="hangUp"/>) a
    /// reload. Without the signal the server sees the files change by itself.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_certificate_renewed_in_place_is_served_to_new_connections(bool hangUp)
    {
        var folder = Directory.CreateTempSubdirectory("ferry-it-cert-").FullName;
        var certificateFile = Path.Combine(folder, "server.pem");
        var keyFile = Path.Combine(folder, "server.key");
        var first = WriteCertificate(certificateFile, keyFile, "first.example");
        await using var running = await FerryServer.StartAsync(_output, new FerryServerOptions { ExtraArguments = ["--tls-cert", certificateFile, "--tls-key", keyFile] });
        Assert.Equal(first, await ServedThumbprintAsync(running));

        var second = WriteCertificate(certificateFile, keyFile, "second.example");
        if (hangUp)
        {
            running.HangUp();
        }

        Assert.True(await running.WaitForOutputAsync("TLS certificate replaced for new connections: CN=second.example", ReloadTimeout), "the new certificate was not picked up");
        if (!hangUp)
        {
            Assert.True(await running.WaitForOutputAsync("Configuration reloaded (TLS certificate file changed)", ReloadTimeout), "the reload did not say why");
        }

        Assert.Equal(second, await ServedThumbprintAsync(running));
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>A self-signed certificate and its key as PEM files; returns its SHA-256 thumbprint.</summary>
    private static string WriteCertificate(string certificateFile, string keyFile, string name)
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest($"CN={name}", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
    }

    /// <summary>The thumbprint of the certificate a new HTTPS connection to the WebDAV port is offered.</summary>
    private static async Task<string> ServedThumbprintAsync(FerryServer server)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(server.Host, server.WebDavsPort);
        string? served = null;
        await using var tls = new System.Net.Security.SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
        {
            served = certificate is null ? null : new System.Security.Cryptography.X509Certificates.X509Certificate2(certificate).GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
            return true;
        });
        await tls.AuthenticateAsClientAsync("localhost");
        return served ?? throw new InvalidOperationException("no certificate was offered");
    }

    private static string WriteConfig(FerryServer server, params (string Name, string Password, bool Enabled)[] accounts) =>
        WriteConfig(server, accounts, path: null);

    /// <summary>ferry.json in the server's working folder, where ferry reads it by default.</summary>
    private static string WriteConfig(FerryServer server, IEnumerable<(string Name, string Password, bool Enabled)> accounts, string? path)
    {
        path ??= Path.Combine(server.WorkingDir, "ferry.json");
        accounts = [.. accounts];
        foreach (var account in accounts)
        {
            // Each account's home under the served root, made beforehand as an administrator would.
            Directory.CreateDirectory(Path.Combine(server.RootDir, account.Name));
        }

        var json = JsonSerializer.Serialize(new
        {
            Accounts = accounts.Select(a => new { a.Name, PasswordHash = Hashes.GetOrAdd(a.Password, Hasher.Hash), Home = a.Name, a.Enabled }).ToArray(),
        }, new JsonSerializerOptions { WriteIndented = true });
        // Written whole and renamed, as editors do: the watcher never reads half a file.
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, json);
        File.Move(temporary, path, overwrite: true);
        return path;
    }
}
