using Ferry.Ftp.Commands;
using Ferry.Ftp.Protocol;

namespace Ferry.Ftp.Tests.Protocol;

public sealed class ForeignProtocolTests
{
    [Theory]
    [InlineData("GET / HTTP/1.1", "HTTP")]
    [InlineData("POST / HTTP/1.1", "HTTP")]
    [InlineData("PUT /a/b?c=d HTTP/1.0", "HTTP")]
    [InlineData("HEAD / HTTP/1.1", "HTTP")]
    [InlineData("OPTIONS * HTTP/1.1", "HTTP")]
    [InlineData("DELETE /x HTTP/1.1", "HTTP")]
    [InlineData("CONNECT host:443 HTTP/1.1", "HTTP")]
    [InlineData("PATCH /x HTTP/1.1", "HTTP")]
    [InlineData("TRACE / HTTP/1.1", "HTTP")]
    [InlineData("PRI * HTTP/2.0", "HTTP")]
    [InlineData("get / http/1.1", "HTTP")]
    [InlineData("  GET / HTTP/1.1", "HTTP")]
    [InlineData("GET /a b c HTTP/1.1", "HTTP")]
    [InlineData("EHLO mail.example", "SMTP")]
    [InlineData("HELO mail.example", "SMTP")]
    [InlineData("ehlo", "SMTP")]
    [InlineData("MAIL FROM:<a@example.com>", "SMTP")]
    [InlineData("mail from:<>", "SMTP")]
    [InlineData("RCPT TO:<b@example.com>", "SMTP")]
    [InlineData("SSH-2.0-OpenSSH_9.6p1 Debian", "SSH")]
    [InlineData("SSH-1.99-Cisco", "SSH")]
    public void Recognises_the_first_line_of_another_protocol(string line, string protocol)
    {
        Assert.Equal(protocol, ForeignProtocol.Detect(line));
    }

    [Theory]
    [InlineData("")]
    [InlineData("GET")]
    [InlineData("GET /")]
    [InlineData("GET / HTTP")]
    [InlineData("GET / HTTP/")]
    [InlineData("GET / HTTP/x")]
    [InlineData("GET  HTTP/1.1")]
    [InlineData("FETCH / HTTP/1.1")]
    [InlineData("POST")]
    [InlineData("MAIL")]
    [InlineData("MAIL me")]
    [InlineData("DATA")]
    [InlineData("HELP")]
    [InlineData("HELOX")]
    [InlineData("ssh-2.0-lower")]
    [InlineData("USER anonymous")]
    [InlineData("RETR HTTP/1.1")]
    public void Leaves_everything_else_to_ftp(string line)
    {
        Assert.Null(ForeignProtocol.Detect(line));
    }

    [Fact]
    public void No_ftp_verb_is_taken_for_another_protocol()
    {
        // The session asks only about unknown verbs; this keeps the lists apart even if one is added.
        foreach (var spec in FtpCommandTable.Default.All)
        {
            Assert.Null(ForeignProtocol.Detect(spec.Verb));
            Assert.Null(ForeignProtocol.Detect($"{spec.Verb} x"));
        }
    }
}
