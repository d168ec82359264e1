using Ferry.Core.Access;
using Ferry.Ftp.Commands;
using Ferry.Ftp.Tests.Support;

namespace Ferry.Ftp.Tests.Session;

/// <summary>The administrator's greeting above 230 and exit message at 221 (IIS's greetingMessage and exitMessage).</summary>
public sealed class FtpSessionMessagesTests
{
    [Fact]
    public async Task The_greeting_is_a_multi_line_230_that_ends_with_the_logon_line()
    {
        await using var server = new FtpTestServer(new FtpOptions { Greeting = "Welcome, %UserName%.\n230 lines cannot end it early" });
        await server.ExpectAsync(220);
        await server.CommandAsync($"USER {FtpTestServer.User}", 331);
        var reply = await server.CommandAsync($"PASS {FtpTestServer.Password}", 230);
        Assert.Equal(["230-Welcome, alice.", " 230 lines cannot end it early", "230 User alice logged in."], reply.Lines);
    }

    [Fact]
    public async Task Without_a_greeting_230_is_one_line()
    {
        await using var server = new FtpTestServer();
        await server.ExpectAsync(220);
        await server.CommandAsync($"USER {FtpTestServer.User}", 331);
        var reply = await server.CommandAsync($"PASS {FtpTestServer.Password}", 230);
        Assert.Equal(["230 User alice logged in."], reply.Lines);
    }

    [Fact]
    public async Task The_exit_message_counts_the_bytes_the_session_moved()
    {
        await using var server = await FtpTestServer.LoggedInAsync(new FtpOptions
        {
            DataConnectTimeout = TimeSpan.FromSeconds(5),
            ExitMessage = "Goodbye %UserName%: %BytesReceived% bytes in, %BytesSent% out.",
        });
        await server.UploadAsync("STOR five.txt", "12345"u8.ToArray());
        Assert.Equal("12345"u8.ToArray(), await server.DownloadAsync("RETR five.txt"));
        Assert.Equal("12345"u8.ToArray(), await server.DownloadAsync("RETR five.txt"));

        var reply = await server.CommandAsync("QUIT", 221);
        Assert.Equal("221 Goodbye alice: 5 bytes in, 10 out.", reply.Text);
    }

    [Fact]
    public async Task Without_an_exit_message_QUIT_says_goodbye()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        Assert.Equal("221 Goodbye.", (await server.CommandAsync("QUIT", 221)).Text);
    }

    [Fact]
    public void The_max_clients_message_replaces_only_the_servers_total_limit_sentence()
    {
        Assert.Equal((421, "Busy."), AccessReplies.ForConnection(new SessionRefusal(SessionLimit.Total, 10), "Busy."));
        Assert.Contains("from your address", AccessReplies.ForConnection(new SessionRefusal(SessionLimit.PerAddress, 10), "Busy.").Text, StringComparison.Ordinal);
        Assert.Contains("allows 10 at once", AccessReplies.ForConnection(new SessionRefusal(SessionLimit.Total, 10)).Text, StringComparison.Ordinal);
    }
}
