using System.Net;
using System.Text;
using Ferry.Core.Identity;
using Ferry.Ftp.Commands;
using Ferry.Ftp.Session;
using Ferry.Ftp.Tests.Support;
using Ferry.Testing;

namespace Ferry.Ftp.Tests.Session;

public sealed class FtpSessionTests
{
    [Fact]
    public async Task Greets_with_220()
    {
        await using var server = new FtpTestServer();
        var reply = await server.ExpectAsync(220);
        Assert.Contains("Ferry", reply.Text);
    }

    [Fact]
    public async Task Commands_fed_one_byte_at_a_time_are_understood()
    {
        await using var server = new FtpTestServer();
        await server.ExpectAsync(220);
        foreach (var b in Encoding.ASCII.GetBytes("NOOP\r\n"))
        {
            await server.SendRawAsync([b]);
        }

        await server.ExpectAsync(200);
    }

    [Theory]
    [InlineData("LIST")]
    [InlineData("RETR x")]
    [InlineData("PWD")]
    [InlineData("PASV")]
    public async Task Commands_that_need_a_logon_answer_530_before_it(string command)
    {
        await using var server = new FtpTestServer();
        await server.ExpectAsync(220);
        var reply = await server.CommandAsync(command, 530);
        Assert.Contains("log in", reply.Text);
    }

    [Fact]
    public async Task Unknown_command_gets_500_with_the_verb()
    {
        await using var server = new FtpTestServer();
        await server.ExpectAsync(220);
        var reply = await server.CommandAsync("FROB x", 500);
        Assert.Contains("FROB", reply.Text);
    }

    [Theory]
    [InlineData("retr a/b c.txt", "retr", "a/b c.txt")]
    [InlineData("  NOOP", "NOOP", "")]
    [InlineData("CWD  two spaces", "CWD", " two spaces")]
    [InlineData("SITE ", "SITE", "")]
    [InlineData("", "", "")]
    public void SplitCommand_gives_the_typed_verb_and_the_text_after_one_space(string line, string verb, string argument)
    {
        var typed = FtpSession.SplitCommand(line, out var rest).ToString();
        Assert.Equal((verb, argument), (typed, rest));
    }

    [Fact]
    public async Task Verbs_are_understood_in_any_case_and_an_unknown_one_is_named_upper_case()
    {
        await using var server = new FtpTestServer();
        await server.ExpectAsync(220);
        await server.CommandAsync("nOoP", 200);
        var reply = await server.CommandAsync("  frob x", 500);
        Assert.Contains("'FROB'", reply.Text);
    }

    [Fact]
    public async Task Missing_argument_gets_501()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await server.CommandAsync("RETR", 501);
        await server.CommandAsync("PWD extra", 501);
    }

    [Fact]
    public async Task Overlong_line_gets_500_and_the_session_goes_on()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await server.SendAsync("NOOP " + new string('x', 5000));
        var reply = await server.ExpectAsync(500);
        Assert.Contains("4096", reply.Text);
        await server.CommandAsync("NOOP", 200);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_get_the_same_530()
    {
        await using var server = new FtpTestServer();
        await server.ExpectAsync(220);
        await server.CommandAsync("USER alice", 331);
        var wrong = await server.CommandAsync("PASS nope", 530);
        await server.CommandAsync("USER mallory", 331);
        var unknown = await server.CommandAsync("PASS nope", 530);
        Assert.Equal(wrong.Text, unknown.Text);
    }

    [Fact]
    public async Task Pass_without_user_is_a_bad_sequence()
    {
        await using var server = new FtpTestServer();
        await server.ExpectAsync(220);
        await server.CommandAsync("PASS x", 503);
    }

    [Fact]
    public async Task Pwd_mkd_cwd_cdup_keep_the_virtual_path()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        var pwd = await server.CommandAsync("PWD", 257);
        Assert.StartsWith("257 \"/\"", pwd.Text);
        var mkd = await server.CommandAsync("MKD a\"b", 257);
        Assert.Contains("\"/a\"\"b\"", mkd.Text);
        await server.CommandAsync("CWD a\"b", 250);
        Assert.Contains("\"/a\"\"b\"", (await server.CommandAsync("XPWD", 257)).Text);
        await server.CommandAsync("CDUP", 250);
        Assert.StartsWith("257 \"/\"", (await server.CommandAsync("PWD", 257)).Text);
        Assert.True(Directory.Exists(Path.Combine(server.Root, "a\"b")));
    }

    [Fact]
    public async Task Dotdot_never_leaves_the_root_and_pwd_never_shows_a_real_path()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await server.CommandAsync("CWD ../../..", 250);
        var pwd = await server.CommandAsync("PWD", 257);
        Assert.StartsWith("257 \"/\"", pwd.Text);
        Assert.DoesNotContain(server.Root, pwd.Text);
    }

    [Fact]
    public async Task Cwd_to_a_missing_folder_gets_550()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await server.CommandAsync("CWD nowhere", 550);
    }

    [Theory]
    [InlineData("TYPE A", 200)]
    [InlineData("TYPE I", 200)]
    [InlineData("TYPE L 8", 200)]
    [InlineData("TYPE E", 504)]
    [InlineData("TYPE Q", 501)]
    [InlineData("MODE S", 200)]
    [InlineData("MODE B", 504)]
    [InlineData("STRU F", 200)]
    [InlineData("STRU R", 504)]
    [InlineData("ALLO 100", 202)]
    [InlineData("SMNT /x", 502)]
    [InlineData("SYST", 215)]
    [InlineData("OPTS UTF8 ON", 200)]
    [InlineData("OPTS FOO", 501)]
    [InlineData("REST abc", 501)]
    public async Task Parameter_commands_answer_per_rfc_959(string command, int code)
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await server.CommandAsync(command, code);
    }

    [Theory]
    [InlineData("ACCT x", 202)]
    [InlineData("TYPE A N", 200)]
    [InlineData("EPSV 1", 229)]
    [InlineData("EPSV 2", 522)]
    [InlineData("EPSV 3", 501)]
    [InlineData("SITE HELP", 214)]
    [InlineData("SITE", 501)]
    [InlineData("HELP NOSUCH", 502)]
    [InlineData("OPTS UTF8 OFF", 504)]
    [InlineData("MFMT notatime x", 501)]
    [InlineData("RMD /", 550)]
    [InlineData("DELE nothing", 550)]
    [InlineData("RNFR nothing", 550)]
    [InlineData("MKD a/b/c", 550)]
    [InlineData("CWD C:\\Windows", 553)]
    public async Task Each_command_answers_with_its_rfc_code(string command, int code)
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await server.CommandAsync(command, code);
    }

    [Fact]
    public async Task Rfc_775_aliases_that_windows_ftp_sends_behave_like_their_commands()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        Assert.Contains("\"/made\"", (await server.CommandAsync("XMKD made", 257)).Text);
        await server.CommandAsync("XCWD made", 250);
        Assert.Contains("\"/made\"", (await server.CommandAsync("XPWD", 257)).Text);
        await server.CommandAsync("XCUP", 250);
        await server.CommandAsync("XRMD made", 250);
        Assert.False(Directory.Exists(Path.Combine(server.Root, "made")));
    }

    [Fact]
    public async Task Epsv_all_refuses_port_and_pasv_afterwards()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await server.CommandAsync("EPSV ALL", 200);
        await server.CommandAsync("PASV", 503);
        await server.CommandAsync("PORT 127,0,0,1,200,10", 503);
        await server.CommandAsync("EPSV", 229);
    }

    [Fact]
    public async Task User_while_logged_on_starts_a_new_logon()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await server.CommandAsync($"USER {FtpTestServer.User}", 331);
        await server.CommandAsync("PWD", 530);
        await server.CommandAsync($"PASS {FtpTestServer.Password}", 230);
    }

    [Theory]
    [InClearAndOverTls]
    public async Task Stou_without_a_name_invents_one(Transport transport)
    {
        await using var server = await FtpTestServer.LoggedInAsync(transport);
        var reply = await server.UploadAsync("STOU", Encoding.ASCII.GetBytes("data"));
        Assert.Contains("stored as ferry-", reply.Text);
        Assert.Single(Directory.GetFiles(server.Root, "ferry-*"));
    }

    [Theory]
    [InClearAndOverTls]
    public async Task List_of_a_file_shows_that_file_only(Transport transport)
    {
        await using var server = await FtpTestServer.LoggedInAsync(transport);
        await File.WriteAllTextAsync(Path.Combine(server.Root, "a.txt"), "abc");
        await File.WriteAllTextAsync(Path.Combine(server.Root, "b.txt"), "abc");
        var listing = Encoding.UTF8.GetString(await server.DownloadAsync("LIST a.txt"));
        Assert.Single(listing.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith(" a.txt\r\n", listing);
    }

    [Fact]
    public async Task A_list_of_a_hundred_entries_goes_out_in_one_send()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        for (var i = 0; i < 100; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(server.Root, $"file-{i:D3}.txt"), "abc");
        }

        var listing = Encoding.UTF8.GetString(await server.DownloadAsync("LIST"));

        // About 6 KB: with the pipe's default 4 KiB segments it took two sends; each send is a system call.
        Assert.Equal(100, listing.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.InRange(listing.Length, 4097, ListingCommands.SegmentBytes);
        Assert.Equal(1, server.Data.ServerWrites);
    }

    [Fact]
    public async Task List_of_a_missing_path_gets_550_without_a_data_connection()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await server.CommandAsync("PASV", 227);
        await server.CommandAsync("LIST nowhere", 550);
        Assert.Empty(server.Data.ClientEnds);
    }

    [Fact]
    public async Task Feat_lists_the_extensions_in_a_multi_line_reply()
    {
        await using var server = new FtpTestServer();
        await server.ExpectAsync(220);
        var reply = await server.CommandAsync("FEAT", 211);
        Assert.StartsWith("211-", reply.Lines[0]);
        foreach (var feature in new[] { " EPRT", " EPSV", " MDTM", " REST STREAM", " SIZE", " UTF8", " MLST type*;size*;modify*;perm*;UNIX.mode;" })
        {
            Assert.Contains(feature, reply.Lines);
        }
    }

    [Fact]
    public async Task Help_lists_commands_and_explains_one()
    {
        await using var server = new FtpTestServer();
        await server.ExpectAsync(220);
        var all = await server.CommandAsync("HELP", 214);
        Assert.Contains("RETR", all.Text);
        Assert.Contains("XPWD", all.Text);
        var one = await server.CommandAsync("HELP STOR", 214);
        Assert.Contains("Syntax: STOR", one.Text);
    }

    [Fact]
    public async Task Port_to_another_host_is_refused_before_connecting()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await server.CommandAsync("PORT 10,0,0,1,200,10", 504);
        Assert.Empty(server.Data.ActiveTargets);
    }

    [Fact]
    public async Task Port_to_a_privileged_port_is_refused()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await server.CommandAsync("PORT 127,0,0,1,0,80", 504);
        await server.CommandAsync("EPRT |1|127.0.0.1|21|", 504);
    }

    [Theory]
    [InlineData("PORT 127,0,0,1,300,1", 501)]
    [InlineData("PORT 1,2,3", 501)]
    [InlineData("EPRT |3|x|5000|", 522)]
    [InlineData("EPRT garbage", 501)]
    public async Task Malformed_data_addresses_get_their_codes(string command, int code)
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await server.CommandAsync(command, code);
    }

    [Theory]
    [InClearAndOverTls]
    public async Task Port_then_retr_connects_to_the_client_address(Transport transport)
    {
        await using var server = await FtpTestServer.LoggedInAsync(transport);
        await File.WriteAllTextAsync(Path.Combine(server.Root, "f.txt"), "hello");
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("PORT 127,0,0,1,200,10", 200);
        await server.SendAsync("RETR f.txt");
        await using var data = await server.DataConnectionAsync();
        await server.ExpectAsync(150);
        Assert.Equal("hello", Encoding.ASCII.GetString(await data.ReadAllAsync()));
        await server.ExpectAsync(226);
        Assert.True(server.Data.ActiveTargets.TryDequeue(out var target));
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 200 * 256 + 10), target);
    }

    [Fact]
    public async Task Pasv_reply_carries_address_and_port()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        var reply = await server.CommandAsync("PASV", 227);
        Assert.Matches(@"^227 Entering Passive Mode \(127,0,0,1,\d+,\d+\)", reply.Text);
        var epsv = await server.CommandAsync("EPSV", 229);
        Assert.Matches(@"\(\|\|\|\d+\|\)", epsv.Text);
    }

    [Fact]
    public async Task Pasv_uses_the_public_address_when_configured()
    {
        await using var server = await FtpTestServer.LoggedInAsync(new FtpOptions { PublicAddress = IPAddress.Parse("203.0.113.7") });
        var reply = await server.CommandAsync("PASV", 227);
        Assert.Contains("(203,0,113,7,", reply.Text);
    }

    [Fact]
    public async Task Exhausted_passive_range_gets_425_not_a_hang()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        server.Data.Exhausted = true;
        var reply = await server.CommandAsync("PASV", 425);
        Assert.Contains("20000-21999", reply.Text);
    }

    [Fact]
    public async Task A_data_connection_that_never_arrives_is_explained()
    {
        await using var server = await FtpTestServer.LoggedInAsync(new FtpOptions { DataConnectTimeout = TimeSpan.FromMilliseconds(300) });
        server.Data.ClientConnects = false;
        await File.WriteAllTextAsync(Path.Combine(server.Root, "f.txt"), "x");
        await server.CommandAsync("PASV", 227);
        await server.SendAsync("RETR f.txt");
        var reply = await server.ExpectAsync(425);
        Assert.Contains("firewall", reply.Text);
        Assert.Contains("20000-21999", reply.Text);
        await server.CommandAsync("NOOP", 200);
    }

    [Fact]
    public async Task An_unexpected_failure_in_a_transfer_still_gets_a_final_reply()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await File.WriteAllTextAsync(Path.Combine(server.Root, "f.txt"), "x");
        server.Data.AcceptFailure = new InvalidOperationException("simulated bug");
        await server.CommandAsync("PASV", 227);
        await server.CommandAsync("RETR f.txt", 451);
        await server.CommandAsync("NOOP", 200);
    }

    [Fact]
    public async Task Transfer_without_port_or_pasv_gets_425()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await File.WriteAllTextAsync(Path.Combine(server.Root, "f.txt"), "x");
        await server.CommandAsync("RETR f.txt", 425);
    }

    [Theory]
    [InClearAndOverTls]
    public async Task Stor_then_retr_round_trips_binary_bytes(Transport transport)
    {
        await using var server = await FtpTestServer.LoggedInAsync(transport);
        var content = new byte[300_000];
        new Random(7).NextBytes(content);
        await server.CommandAsync("TYPE I", 200);
        await server.UploadAsync("STOR up.bin", content);
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(server.Root, "up.bin")));
        Assert.Equal(content, await server.DownloadAsync("RETR up.bin"));
    }

    [Theory]
    [InClearAndOverTls]
    public async Task Type_a_sends_crlf_and_stores_lf(Transport transport)
    {
        await using var server = await FtpTestServer.LoggedInAsync(transport);
        await File.WriteAllTextAsync(Path.Combine(server.Root, "unix.txt"), "one\ntwo\r\nthree\n");
        await server.CommandAsync("TYPE A", 200);
        Assert.Equal("one\r\ntwo\r\nthree\r\n", Encoding.ASCII.GetString(await server.DownloadAsync("RETR unix.txt")));
        await server.UploadAsync("STOR dos.txt", Encoding.ASCII.GetBytes("a\r\nb\rc\r\n"));
        Assert.Equal("a\nb\rc\n", await File.ReadAllTextAsync(Path.Combine(server.Root, "dos.txt")));
    }

    [Theory]
    [InClearAndOverTls]
    public async Task Rest_then_retr_starts_at_the_offset(Transport transport)
    {
        await using var server = await FtpTestServer.LoggedInAsync(transport);
        await File.WriteAllTextAsync(Path.Combine(server.Root, "f.txt"), "0123456789");
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("REST 4", 350);
        Assert.Equal("456789", Encoding.ASCII.GetString(await server.DownloadAsync("RETR f.txt")));
    }

    [Fact]
    public async Task Rest_with_an_offset_in_type_a_is_refused()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await server.CommandAsync("TYPE A", 200);
        await server.CommandAsync("REST 10", 504);
        await server.CommandAsync("REST 0", 350);
    }

    [Theory]
    [InClearAndOverTls]
    public async Task Appe_adds_to_the_end(Transport transport)
    {
        await using var server = await FtpTestServer.LoggedInAsync(transport);
        await File.WriteAllTextAsync(Path.Combine(server.Root, "log.txt"), "abc");
        await server.CommandAsync("TYPE I", 200);
        await server.UploadAsync("APPE log.txt", Encoding.ASCII.GetBytes("def"));
        Assert.Equal("abcdef", await File.ReadAllTextAsync(Path.Combine(server.Root, "log.txt")));
    }

    [Theory]
    [InClearAndOverTls]
    public async Task Stou_names_the_file_it_created(Transport transport)
    {
        await using var server = await FtpTestServer.LoggedInAsync(transport);
        await File.WriteAllTextAsync(Path.Combine(server.Root, "report.txt"), "old");
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("PASV", 227);
        await server.SendAsync("STOU report.txt");
        await using var data = await server.DataConnectionAsync();
        var opening = await server.ExpectAsync(150);
        var name = opening.Text[(opening.Text.IndexOf("FILE: ", StringComparison.Ordinal) + 6)..];
        Assert.NotEqual("report.txt", name);
        await data.WriteAsync(Encoding.ASCII.GetBytes("new"));
        await data.CompleteWritingAsync();
        await server.ExpectAsync(226);
        Assert.Equal("new", await File.ReadAllTextAsync(Path.Combine(server.Root, name)));
        Assert.Equal("old", await File.ReadAllTextAsync(Path.Combine(server.Root, "report.txt")));
    }

    [Theory]
    [InClearAndOverTls]
    public async Task Abor_during_a_download_gives_426_then_226_and_the_session_goes_on(Transport transport)
    {
        await using var server = await FtpTestServer.LoggedInAsync(transport);
        await File.WriteAllBytesAsync(Path.Combine(server.Root, "big.bin"), new byte[8 * 1024 * 1024]);
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("PASV", 227);
        await server.SendAsync("RETR big.bin");
        await using var data = await server.DataConnectionAsync();
        await server.ExpectAsync(150);
        // The client reads nothing, so the in-memory pipe fills and the transfer waits mid-way.
        var status = await server.CommandAsync("STAT", 211);
        Assert.Contains("Transfer in progress", status.Text);
        await server.SendAsync("ABOR");
        await server.ExpectAsync(426);
        await server.ExpectAsync(226);
        await server.CommandAsync("NOOP", 200);
    }

    [Fact]
    public async Task Abor_after_telnet_interrupt_and_synch_is_understood()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await server.SendRawAsync([0xFF, 0xF4, 0xFF, 0xF2]);
        await server.SendAsync("ABOR");
        await server.ExpectAsync(225);
    }

    [Theory]
    [InClearAndOverTls]
    public async Task An_aborted_overwrite_keeps_the_old_file(Transport transport)
    {
        await using var server = await FtpTestServer.LoggedInAsync(transport);
        var target = Path.Combine(server.Root, "keep.txt");
        await File.WriteAllTextAsync(target, "original");
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("PASV", 227);
        await server.SendAsync("STOR keep.txt");
        await using var data = await server.DataConnectionAsync();
        await server.ExpectAsync(150);
        await data.WriteAsync(Encoding.ASCII.GetBytes("partial new cont"));
        await server.SendAsync("ABOR");
        await server.ExpectAsync(426);
        await server.ExpectAsync(226);
        Assert.Equal("original", await File.ReadAllTextAsync(target));
        Assert.Single(Directory.GetFiles(server.Root));
    }

    [Theory]
    [InClearAndOverTls]
    public async Task List_streams_ls_style_lines_and_nlst_names(Transport transport)
    {
        await using var server = await FtpTestServer.LoggedInAsync(transport);
        Directory.CreateDirectory(Path.Combine(server.Root, "sub"));
        await File.WriteAllTextAsync(Path.Combine(server.Root, "a.txt"), "12345");
        var listing = Encoding.UTF8.GetString(await server.DownloadAsync("LIST -la"));
        Assert.Matches(@"(?m)^-rw-r--r-- .* 5 .* a\.txt\r$", listing);
        Assert.Matches(@"(?m)^d.* sub\r$", listing);

        var names = Encoding.UTF8.GetString(await server.DownloadAsync("NLST"));
        Assert.Equal(new[] { "a.txt", "sub" }, names.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Order());
    }

    [Theory]
    [InClearAndOverTls]
    public async Task Nlst_with_a_wildcard_lists_matching_names(Transport transport)
    {
        await using var server = await FtpTestServer.LoggedInAsync(transport);
        Directory.CreateDirectory(Path.Combine(server.Root, "d"));
        await File.WriteAllTextAsync(Path.Combine(server.Root, "d", "a.txt"), "");
        await File.WriteAllTextAsync(Path.Combine(server.Root, "d", "b.log"), "");
        var names = Encoding.UTF8.GetString(await server.DownloadAsync("NLST d/*.txt"));
        Assert.Equal("d/a.txt\r\n", names);
    }

    [Theory]
    [InClearAndOverTls]
    public async Task Mlsd_and_mlst_give_machine_readable_facts(Transport transport)
    {
        await using var server = await FtpTestServer.LoggedInAsync(transport);
        Directory.CreateDirectory(Path.Combine(server.Root, "sub"));
        await File.WriteAllTextAsync(Path.Combine(server.Root, "a.txt"), "12345");
        var listing = Encoding.UTF8.GetString(await server.DownloadAsync("MLSD"));
        Assert.Matches(@"(?m)^type=file;size=5;modify=\d{14};perm=rwadf; a\.txt\r$", listing);
        Assert.Matches(@"(?m)^type=dir;modify=\d{14};perm=[a-z]+; sub\r$", listing);
        var mlst = await server.CommandAsync("MLST a.txt", 250);
        Assert.Matches(@"^ type=file;size=5;modify=\d{14};perm=rwadf; /a\.txt$", mlst.Lines[1]);
        await server.CommandAsync("MLSD a.txt", 501);
        await server.CommandAsync("MLST missing", 550);
        Assert.Equal("200 MLST OPTS type;size;", (await server.CommandAsync("OPTS MLST type;size;", 200)).Text);
        Assert.Matches(@"^ type=file;size=5; /a\.txt$", (await server.CommandAsync("MLST a.txt", 250)).Lines[1]);
    }

    [Fact]
    public async Task Stat_with_a_path_lists_on_the_control_connection()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await File.WriteAllTextAsync(Path.Combine(server.Root, "a.txt"), "x");
        var reply = await server.CommandAsync("STAT /", 212);
        Assert.Contains(reply.Lines, l => l.EndsWith(" a.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rename_size_mdtm_dele_rmd()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        var file = Path.Combine(server.Root, "a.txt");
        await File.WriteAllTextAsync(file, "12345");
        File.SetLastWriteTimeUtc(file, new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        await server.CommandAsync("RNTO b.txt", 503);
        await server.CommandAsync("RNFR a.txt", 350);
        await server.CommandAsync("RNTO b.txt", 250);
        Assert.Equal("213 5", (await server.CommandAsync("SIZE b.txt", 213)).Text);
        Assert.Equal("213 20200102030405", (await server.CommandAsync("MDTM b.txt", 213)).Text);
        await server.CommandAsync("MFMT 20210101000000 b.txt", 213);
        Assert.Equal(new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc), File.GetLastWriteTimeUtc(Path.Combine(server.Root, "b.txt")));
        await server.CommandAsync("SIZE nothing", 550);
        await server.CommandAsync("MKD d", 257);
        await server.CommandAsync("SIZE d", 550);
        await server.CommandAsync("DELE b.txt", 250);
        await server.CommandAsync("RMD d", 250);
        Assert.Empty(Directory.GetFileSystemEntries(server.Root));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Site_chmod_sets_permission_bits_but_never_set_id_bits()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        var file = Path.Combine(server.Root, "a.sh");
        await File.WriteAllTextAsync(file, "x");
        var reply = await server.CommandAsync("SITE CHMOD 4750 a.sh", 200);
        Assert.Equal((UnixFileMode)0b111_101_000, File.GetUnixFileMode(file));
        Assert.Contains("mode 750 set", reply.Text);
        Assert.Contains("set-user-ID, set-group-ID and sticky bits (4000 in 4750)", reply.Text);
        Assert.Contains("dropped", reply.Text);
        Assert.Equal("200 SITE CHMOD command successful.", (await server.CommandAsync("SITE CHMOD 640 a.sh", 200)).Text);
        await server.CommandAsync("SITE CHMOD 9 a.sh", 501);
        await server.CommandAsync("SITE CHMOD 644 missing", 550);
        await server.CommandAsync("SITE FROB", 504);
    }

    [Fact]
    public async Task Rnfr_must_be_followed_by_rnto()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await File.WriteAllTextAsync(Path.Combine(server.Root, "a.txt"), "x");
        await server.CommandAsync("RNFR a.txt", 350);
        await server.CommandAsync("NOOP", 200);
        await server.CommandAsync("RNTO b.txt", 503);
    }

    [Fact]
    public async Task Read_only_account_cannot_write()
    {
        await using var server = new FtpTestServer(permissions: Permissions.ReadOnly);
        await server.ExpectAsync(220);
        await server.CommandAsync($"USER {FtpTestServer.User}", 331);
        await server.CommandAsync($"PASS {FtpTestServer.Password}", 230);
        await server.CommandAsync("MKD x", 550);
        await server.CommandAsync("PASV", 227);
        await server.CommandAsync("STOR x.txt", 550);
        Assert.Empty(Directory.GetFileSystemEntries(server.Root));
    }

    [Fact]
    public async Task Rein_logs_out()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await server.CommandAsync("REIN", 220);
        await server.CommandAsync("PWD", 530);
    }

    [Fact]
    public async Task Quit_says_goodbye_and_closes()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await server.CommandAsync("QUIT", 221);
        Assert.True(await server.ClosedAsync());
    }

    [Fact]
    public async Task Idle_session_is_closed_with_421_by_the_monitor()
    {
        var time = new FakeClock(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero));
        await using var server = new FtpTestServer(new FtpOptions { IdleTimeout = TimeSpan.FromMinutes(5) }, time);
        await server.ExpectAsync(220);
        await server.CommandAsync($"USER {FtpTestServer.User}", 331);
        await server.CommandAsync($"PASS {FtpTestServer.Password}", 230);
        time.Advance(TimeSpan.FromMinutes(4));
        server.Context.Sessions.CloseExpired(time.GetUtcNow(), server.Context.Options);
        await server.CommandAsync("NOOP", 200);
        time.Advance(TimeSpan.FromMinutes(6));
        server.Context.Sessions.CloseExpired(time.GetUtcNow(), server.Context.Options);
        var reply = await server.ExpectAsync(421);
        Assert.Contains("Idle timeout", reply.Text);
        Assert.True(await server.ClosedAsync());
    }

    [Fact]
    public async Task Session_that_never_logs_on_is_closed_after_the_login_timeout()
    {
        var time = new FakeClock(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero));
        await using var server = new FtpTestServer(new FtpOptions { LoginTimeout = TimeSpan.FromSeconds(60) }, time);
        await server.ExpectAsync(220);
        time.Advance(TimeSpan.FromSeconds(61));
        server.Context.Sessions.CloseExpired(time.GetUtcNow(), server.Context.Options);
        var reply = await server.ExpectAsync(421);
        Assert.Contains("Login timeout", reply.Text);
    }

    [Fact]
    public async Task Registry_counts_sessions_per_normalised_address()
    {
        await using var server = new FtpTestServer(client: IPAddress.Parse("::ffff:192.0.2.9"));
        await server.ExpectAsync(220);
        Assert.Equal(1, server.Access.Sessions.CountFor(IPAddress.Parse("192.0.2.9")));
    }
}
