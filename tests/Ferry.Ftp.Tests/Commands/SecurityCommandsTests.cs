using System.Text;
using Ferry.Ftp.Tests.Support;
using Ferry.Ftp.Tls;

namespace Ferry.Ftp.Tests.Commands;

/// <summary>AUTH, PBSZ, PROT and CCC through a whole session, with a real SslStream client on the other end of the pipes.</summary>
public sealed class SecurityCommandsTests
{
    private static FtpOptions TlsOptions(FtpTlsMode mode = FtpTlsMode.Explicit) =>
        new() { DataConnectTimeout = TimeSpan.FromSeconds(5), Tls = TestCertificate.Options(mode) };

    [Fact]
    public async Task Feat_lists_auth_tls_pbsz_and_prot_when_tls_is_enabled()
    {
        await using var server = new FtpTestServer(TlsOptions());
        await server.ExpectAsync(220);
        var feat = await server.CommandAsync("FEAT", 211);
        Assert.Contains(" AUTH TLS", feat.Lines);
        Assert.Contains(" PBSZ", feat.Lines);
        Assert.Contains(" PROT", feat.Lines);
    }

    [Fact]
    public async Task Feat_does_not_offer_tls_when_it_is_disabled_and_auth_answers_502()
    {
        await using var server = new FtpTestServer();
        await server.ExpectAsync(220);
        var feat = await server.CommandAsync("FEAT", 211);
        Assert.DoesNotContain(feat.Lines, l => l.Contains("AUTH", StringComparison.Ordinal) || l.Contains("PBSZ", StringComparison.Ordinal) || l.Contains("PROT", StringComparison.Ordinal));
        var auth = await server.CommandAsync("AUTH TLS", 502);
        Assert.Contains("not enabled", auth.Text);
    }

    [Theory]
    [InlineData("AUTH TLS")]
    [InlineData("auth tls")]
    [InlineData("AUTH TLS-C")]
    [InlineData("AUTH SSL")]
    public async Task Auth_tls_then_user_and_pass_log_on_over_tls(string auth)
    {
        await using var server = new FtpTestServer(TlsOptions());
        await server.ExpectAsync(220);
        await server.CommandAsync(auth, 234);
        await server.StartTlsAsync();
        await server.CommandAsync($"USER {FtpTestServer.User}", 331);
        await server.CommandAsync($"PASS {FtpTestServer.Password}", 230);
        Assert.True(server.Session.ControlProtected);
        await server.CommandAsync("PWD", 257);
    }

    [Fact]
    public async Task The_tls_handshake_sends_held_back_acknowledgements_before_its_reads_and_the_commands_after_it_do_not()
    {
        // The host's hook is TCP_QUICKACK on the control socket (TcpAcknowledgements); here it is counted.
        var calls = 0;
        await using var server = new FtpTestServer(TlsOptions(), acknowledgePromptly: () => Interlocked.Increment(ref calls));
        await server.ExpectAsync(220);
        await server.CommandAsync("FEAT", 211);
        Assert.Equal(0, Volatile.Read(ref calls)); // Clear-text commands: TCP's own schedule.

        await server.CommandAsync("AUTH TLS", 234);
        await server.StartTlsAsync();
        await server.CommandAsync("NOOP", 200); // The server's side of the handshake is over once it answers.
        var duringHandshake = Volatile.Read(ref calls);

        // At least the ClientHello's read and the read of the client's second flight.
        Assert.True(duringHandshake >= 2, $"the hook ran {duringHandshake} times during the handshake");
        await server.CommandAsync($"USER {FtpTestServer.User}", 331);
        await server.CommandAsync($"PASS {FtpTestServer.Password}", 230);
        Assert.Equal(duringHandshake, Volatile.Read(ref calls));
    }

    [Fact]
    public async Task Auth_fed_one_byte_at_a_time_upgrades()
    {
        await using var server = new FtpTestServer(TlsOptions());
        await server.ExpectAsync(220);
        foreach (var b in Encoding.ASCII.GetBytes("AUTH TLS\r\n"))
        {
            await server.SendRawAsync([b]);
        }

        await server.ExpectAsync(234);
        await server.StartTlsAsync();
        await server.CommandAsync("NOOP", 200);
    }

    [Fact]
    public async Task Commands_sent_behind_auth_tls_in_the_same_packet_are_dropped()
    {
        await using var server = new FtpTestServer(TlsOptions());
        await server.ExpectAsync(220);
        await server.SendRawAsync(Encoding.ASCII.GetBytes($"AUTH TLS\r\nUSER {FtpTestServer.User}\r\n"));
        await server.ExpectAsync(234);
        await server.StartTlsAsync();
        // Had the injected USER run, PASS would log on; it was dropped, so PASS is out of sequence.
        await server.CommandAsync($"PASS {FtpTestServer.Password}", 503);
        Assert.False(server.Session.LoggedIn);
    }

    [Fact]
    public async Task Auth_with_an_unknown_mechanism_gets_504()
    {
        await using var server = new FtpTestServer(TlsOptions());
        await server.ExpectAsync(220);
        await server.CommandAsync("AUTH KERBEROS_V4", 504);
        await server.CommandAsync("NOOP", 200);
    }

    [Fact]
    public async Task Auth_again_after_tls_gets_503()
    {
        await using var server = new FtpTestServer(TlsOptions());
        await server.ExpectAsync(220);
        await server.CommandAsync("AUTH TLS", 234);
        await server.StartTlsAsync();
        await server.CommandAsync("AUTH TLS", 503);
    }

    [Fact]
    public async Task Auth_after_logon_gets_503()
    {
        await using var server = await FtpTestServer.LoggedInAsync(TlsOptions());
        var reply = await server.CommandAsync("AUTH TLS", 503);
        Assert.Contains("before logon", reply.Text);
        Assert.False(server.Session.ControlProtected);
    }

    [Fact]
    public async Task A_failed_handshake_ends_the_session()
    {
        await using var server = new FtpTestServer(TlsOptions());
        await server.ExpectAsync(220);
        await server.CommandAsync("AUTH TLS", 234);
        await server.SendAsync("this is not a ClientHello");
        Assert.True(await server.ClosedAsync());
        await server.Running.WaitAsync(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Pbsz_before_auth_gets_503()
    {
        await using var server = new FtpTestServer(TlsOptions());
        await server.ExpectAsync(220);
        await server.CommandAsync("PBSZ 0", 503);
        await server.CommandAsync("PROT P", 503);
    }

    [Fact]
    public async Task Prot_before_pbsz_gets_503_and_after_it_200()
    {
        await using var server = new FtpTestServer(TlsOptions());
        await server.ExpectAsync(220);
        await server.CommandAsync("AUTH TLS", 234);
        await server.StartTlsAsync();
        await server.CommandAsync("PROT P", 503);
        await server.CommandAsync("PBSZ 0", 200);
        await server.CommandAsync("PROT P", 200);
        Assert.Equal(DataProtection.Private, server.Session.DataProtection);
        await server.CommandAsync("PROT C", 200);
        Assert.Equal(DataProtection.Clear, server.Session.DataProtection);
    }

    [Theory]
    [InlineData("PBSZ 0")]
    [InlineData("PBSZ 16384")]
    [InlineData("PBSZ x")]
    public async Task Pbsz_is_always_answered_with_zero(string command)
    {
        await using var server = new FtpTestServer(TlsOptions());
        await server.ExpectAsync(220);
        await server.CommandAsync("AUTH TLS", 234);
        await server.StartTlsAsync();
        var reply = await server.CommandAsync(command, 200);
        Assert.Equal("200 PBSZ=0", reply.Text);
    }

    [Theory]
    [InlineData("PROT S", 536)]
    [InlineData("PROT E", 536)]
    [InlineData("PROT X", 504)]
    [InlineData("prot p", 200)]
    public async Task Prot_levels_get_their_rfc_codes(string command, int expected)
    {
        await using var server = new FtpTestServer(TlsOptions());
        await server.ExpectAsync(220);
        await server.CommandAsync("AUTH TLS", 234);
        await server.StartTlsAsync();
        await server.CommandAsync("PBSZ 0", 200);
        await server.CommandAsync(command, expected);
    }

    [Fact]
    public async Task Ccc_is_refused_with_534_and_the_control_stays_protected()
    {
        await using var server = new FtpTestServer(TlsOptions());
        await server.ExpectAsync(220);
        await server.CommandAsync("CCC", 503);
        await server.CommandAsync("AUTH TLS", 234);
        await server.StartTlsAsync();
        var refused = await server.CommandAsync("CCC", 534);
        Assert.Contains("cannot unwrap TLS", refused.Text);
        await server.CommandAsync("NOOP", 200);
    }

    [Fact]
    public async Task Rein_keeps_tls_but_resets_pbsz_and_prot()
    {
        await using var server = await FtpTestServer.LoggedInOverTlsAsync(TlsOptions());
        await server.CommandAsync("REIN", 220);
        Assert.True(server.Session.ControlProtected);
        Assert.Equal(DataProtection.Clear, server.Session.DataProtection);
        await server.CommandAsync("PROT P", 503);
        await server.CommandAsync("PBSZ 0", 200);
        await server.CommandAsync("PROT P", 200);
    }

    [Fact]
    public async Task Prot_p_retr_sends_the_file_through_tls()
    {
        await using var server = await FtpTestServer.LoggedInOverTlsAsync(TlsOptions());
        var content = RandomBytes(300_001);
        File.WriteAllBytes(Path.Combine(server.Root, "big.bin"), content);
        await server.CommandAsync("TYPE I", 200);

        var received = await DownloadOverTlsAsync(server, "RETR big.bin");

        Assert.Equal(content, received);
    }

    [Fact]
    public async Task Prot_p_stor_receives_the_file_through_tls()
    {
        await using var server = await FtpTestServer.LoggedInOverTlsAsync(TlsOptions());
        var content = RandomBytes(250_003);
        await server.CommandAsync("TYPE I", 200);

        await server.CommandAsync("PASV", 227);
        await server.SendAsync("STOR up.bin");
        var data = server.TakeDataConnection();
        await server.ExpectAsync(150);
        await using (var tls = await TestCertificate.ConnectAsync(data))
        {
            // TLS 1.2 for uploads: no session tickets arrive after the handshake for a writer to leave unread.
            Assert.Equal(System.Security.Authentication.SslProtocols.Tls12, tls.SslProtocol);
            await tls.WriteAsync(content);
            await tls.ShutdownAsync();
            // Like Python's unwrap: close_notify, then wait for the server's before closing the socket.
            Assert.Equal(0, await tls.ReadAsync(new byte[1]).AsTask().WaitAsync(TimeSpan.FromSeconds(15)));
            await server.ExpectAsync(226);
            data.CompleteWriting();
        }

        Assert.Equal(content, File.ReadAllBytes(Path.Combine(server.Root, "up.bin")));
    }

    [Fact]
    public async Task Prot_p_stor_from_a_client_that_offers_only_tls_1_3_gets_tls_1_3()
    {
        await using var server = await FtpTestServer.LoggedInOverTlsAsync(TlsOptions());
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("PASV", 227);
        await server.SendAsync("STOR up13.bin");
        var data = server.TakeDataConnection();
        await server.ExpectAsync(150);
        await using (var tls = await TestCertificate.ConnectAsync(data, System.Security.Authentication.SslProtocols.Tls13))
        {
            Assert.Equal(System.Security.Authentication.SslProtocols.Tls13, tls.SslProtocol);
            await tls.WriteAsync("thirteen"u8.ToArray());
            await tls.ShutdownAsync();
            data.CompleteWriting();
            await server.ExpectAsync(226);
        }

        Assert.Equal("thirteen"u8.ToArray(), File.ReadAllBytes(Path.Combine(server.Root, "up13.bin")));
    }

    [Fact]
    public async Task Prot_p_list_sends_the_listing_through_tls()
    {
        await using var server = await FtpTestServer.LoggedInOverTlsAsync(TlsOptions());
        File.WriteAllText(Path.Combine(server.Root, "listed.txt"), "x");

        var listing = Encoding.UTF8.GetString(await DownloadOverTlsAsync(server, "LIST"));

        Assert.Contains("listed.txt", listing);
    }

    [Fact]
    public async Task A_failed_data_handshake_gets_425_and_the_session_goes_on()
    {
        await using var server = await FtpTestServer.LoggedInOverTlsAsync(TlsOptions());
        File.WriteAllText(Path.Combine(server.Root, "f.txt"), "x");
        await server.CommandAsync("PASV", 227);
        await server.SendAsync("RETR f.txt");
        var data = server.TakeDataConnection();
        await server.ExpectAsync(150);
        await data.WriteAsync("plain text, not TLS\r\n"u8.ToArray());
        data.CompleteWriting();
        var reply = await server.ExpectAsync(425);
        Assert.Contains("TLS", reply.Text);
        await server.CommandAsync("NOOP", 200);
    }

    [Fact]
    public async Task Required_mode_refuses_a_clear_logon_with_a_sentence()
    {
        await using var server = new FtpTestServer(TlsOptions(FtpTlsMode.Required));
        await server.ExpectAsync(220);
        var reply = await server.CommandAsync($"USER {FtpTestServer.User}", 530);
        Assert.Contains("TLS is required", reply.Text);
        await server.CommandAsync($"PASS {FtpTestServer.Password}", 503);
        Assert.False(server.Session.LoggedIn);
    }

    [Fact]
    public async Task Required_mode_refuses_clear_data_with_521_and_allows_protected_data()
    {
        await using var server = await FtpTestServer.LoggedInOverTlsAsync(TlsOptions(FtpTlsMode.Required));
        File.WriteAllText(Path.Combine(server.Root, "f.txt"), "hello");
        await server.CommandAsync("PROT C", 200);
        await server.CommandAsync("PASV", 227);
        var refused = await server.CommandAsync("RETR f.txt", 521);
        Assert.Contains("must be protected", refused.Text);
        Assert.Empty(server.Data.ClientEnds);

        await server.CommandAsync("PROT P", 200);
        Assert.Equal("hello"u8.ToArray(), await DownloadOverTlsAsync(server, "RETR f.txt"));
    }

    [Fact]
    public async Task Required_mode_lets_anonymous_log_on_and_list_in_the_clear()
    {
        // The harness serves its one root to every account; the home only switches anonymous logon on.
        await using var server = new FtpTestServer(TlsOptions(FtpTlsMode.Required), anonymousHome: Path.GetTempPath());
        File.WriteAllText(Path.Combine(server.Root, "public.txt"), "x");
        await server.ExpectAsync(220);
        await server.CommandAsync("USER anonymous", 331);
        await server.CommandAsync("PASS guest@example.com", 230);
        var listing = Encoding.UTF8.GetString(await server.DownloadAsync("NLST"));
        Assert.Contains("public.txt", listing);
    }

    [Fact]
    public async Task Implicit_tls_refuses_auth_and_protects_data_by_default()
    {
        // On the implicit port the host has done the handshake; the engine only hears that it did.
        await using var server = new FtpTestServer(TlsOptions(), implicitTls: true);
        await server.ExpectAsync(220);
        await server.CommandAsync("AUTH TLS", 503);
        await server.CommandAsync($"USER {FtpTestServer.User}", 331);
        await server.CommandAsync($"PASS {FtpTestServer.Password}", 230);
        File.WriteAllText(Path.Combine(server.Root, "f.txt"), "implicit");

        Assert.Equal("implicit"u8.ToArray(), await DownloadOverTlsAsync(server, "RETR f.txt"));
        await server.CommandAsync("PROT P", 200); // PBSZ is implied on the implicit port.
    }

    private static async Task<byte[]> DownloadOverTlsAsync(FtpTestServer server, string command)
    {
        await server.CommandAsync("PASV", 227);
        await server.SendAsync(command);
        var data = server.TakeDataConnection();
        await server.ExpectAsync(150);
        await using var tls = await TestCertificate.ConnectAsync(data);
        var bytes = await FtpTestServer.ReadAllAsync(tls);
        await server.ExpectAsync(226);
        return bytes;
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(count).NextBytes(bytes);
        return bytes;
    }
}
