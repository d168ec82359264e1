using System.Text;
using Ferry.Ftp.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Ferry.Ftp.Tests.Session;

/// <summary>
/// Another protocol's request sent to the FTP port (a browser made to POST to it, the ALPACA and
/// cross-protocol scripting attacks): the session closes at its first line and executes nothing.
/// </summary>
public sealed class FtpSessionCrossProtocolTests
{
    /// <summary>The review's payload: an HTTP POST whose body is an FTP logon and a command.</summary>
    private const string HttpPost =
        "POST / HTTP/1.1\r\n" +
        "Host: 127.0.0.1:2121\r\n" +
        "User-Agent: Mozilla/5.0\r\n" +
        "Content-Type: text/plain\r\n" +
        "Content-Length: 31\r\n" +
        "\r\n" +
        "USER anonymous\r\n" +
        "PASS a@b\r\n" +
        "PWD\r\n";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_http_post_with_ftp_commands_in_its_body_closes_the_session_and_runs_none(bool implicitTls)
    {
        var loggers = new RecordingLoggerFactory();
        await using var server = new FtpTestServer(implicitTls: implicitTls, anonymousHome: Path.GetTempPath(), loggers: loggers);
        await server.ExpectAsync(220);

        await server.SendRawAsync(Encoding.ASCII.GetBytes(HttpPost));
        var replies = await RepliesUntilClosedAsync(server);

        Assert.Empty(replies); // Like ProFTPD: no reply at all, the connection just closes.
        await server.Running.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.False(server.Session.LoggedIn);
        var warning = Assert.Single(loggers.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("HTTP", warning.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_request_after_logon_closes_the_session_too()
    {
        await using var server = await FtpTestServer.LoggedInAsync();

        await server.SendRawAsync(Encoding.ASCII.GetBytes("GET /index.html HTTP/1.0\r\n\r\nPWD\r\n"));

        Assert.Empty(await RepliesUntilClosedAsync(server));
    }

    [Theory]
    [InlineData("GET / HTTP/1.1")]
    [InlineData("HEAD /x HTTP/1.0")]
    [InlineData("PUT /upload HTTP/1.1")]
    [InlineData("OPTIONS * HTTP/1.1")]
    [InlineData("DELETE /a HTTP/1.1")]
    [InlineData("CONNECT example.com:443 HTTP/1.1")]
    [InlineData("PATCH /a HTTP/1.1")]
    [InlineData("TRACE / HTTP/1.1")]
    [InlineData("PRI * HTTP/2.0")]
    [InlineData("EHLO attacker.example")]
    [InlineData("HELO attacker.example")]
    [InlineData("helo x")]
    [InlineData("MAIL FROM:<a@b.example>")]
    [InlineData("RCPT TO:<c@d.example>")]
    [InlineData("SSH-2.0-OpenSSH_9.6")]
    public async Task The_first_line_of_another_protocol_closes_without_a_reply(string line)
    {
        await using var server = new FtpTestServer();
        await server.ExpectAsync(220);

        await server.SendAsync(line);
        await server.SendAsync("NOOP");

        Assert.Empty(await RepliesUntilClosedAsync(server));
    }

    [Theory]
    [InlineData("GET", 500)] // Not an FTP verb, but no request line either: an ordinary unknown command.
    [InlineData("POST /", 500)]
    [InlineData("MAIL", 500)]
    [InlineData("HELP", 214)]
    [InlineData("OPTS UTF8 ON", 200)]
    [InlineData("FEAT", 211)]
    public async Task Lines_that_only_resemble_another_protocol_are_answered_as_ftp(string line, int expected)
    {
        await using var server = new FtpTestServer();
        await server.ExpectAsync(220);

        await server.CommandAsync(line, expected);
        await server.CommandAsync("NOOP", 200);
    }

    [Theory]
    [InlineData("SIZE GET / HTTP/1.1", 550)]
    [InlineData("CWD POST / HTTP/1.1", 550)]
    public async Task An_ftp_command_whose_argument_looks_like_http_is_executed(string line, int expected)
    {
        await using var server = await FtpTestServer.LoggedInAsync();

        await server.CommandAsync(line, expected);
        await server.CommandAsync("NOOP", 200);
    }

    /// <summary>Every reply until the server closes the connection (a reply-less close gives none).</summary>
    private static async Task<List<Reply>> RepliesUntilClosedAsync(FtpTestServer server)
    {
        var replies = new List<Reply>();
        try
        {
            while (true)
            {
                replies.Add(await server.ReadReplyAsync());
            }
        }
        catch (EndOfStreamException)
        {
            return replies;
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The connection stayed open after: {string.Join(" | ", replies)}");
            throw;
        }
    }
}
