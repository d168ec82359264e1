using System.Text;
using Ferry.Ftp.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Ferry.Ftp.Tests.Session;

/// <summary>What a session writes to the log at Debug, where every command line is logged: never a password, never a raw control byte.</summary>
public sealed class FtpSessionLoggingTests
{
    [Theory]
    [InlineData("PASS pw-space-1")]
    [InlineData("pass pw-lower-2")]
    [InlineData("PaSs\tpw-tab-3")]
    [InlineData("PASS\0pw-nul-4")]
    [InlineData("PASS\u000bpw-vt-5")]
    [InlineData("  PASS pw-leading-6")]
    [InlineData("\tPASS pw-leading-tab-7")]
    [InlineData("PASSWORD pw-longer-verb-8")]
    [InlineData("ACCT pw-acct-9")]
    [InlineData("acct\tpw-acct-tab-10")]
    public async Task A_line_that_starts_like_PASS_or_ACCT_is_logged_masked(string line)
    {
        var secret = line[line.IndexOf("pw-", StringComparison.Ordinal)..];
        var loggers = new RecordingLoggerFactory();
        await using (var server = new FtpTestServer(loggers: loggers))
        {
            await server.ExpectAsync(220);
            await server.CommandAsync($"USER {FtpTestServer.User}", 331);
            await server.SendRawAsync(Encoding.UTF8.GetBytes(line + "\r\n"));
            await server.ReadReplyAsync();
            await server.CommandAsync("NOOP", 200); // Its log line follows the masked one.
        }

        var debug = loggers.Entries.Where(e => e.Level == LogLevel.Debug).Select(e => e.Message).ToList();
        Assert.Contains(debug, message => message.Contains("<- NOOP", StringComparison.Ordinal));
        Assert.Contains(debug, message => message.Contains("****", StringComparison.Ordinal));
        Assert.DoesNotContain(loggers.Entries, e => e.Message.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(loggers.Entries, e => e.Message.Contains(secret[3..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_ordinary_PASS_line_is_logged_as_PASS_and_four_stars()
    {
        var loggers = new RecordingLoggerFactory();
        await using (var server = new FtpTestServer(loggers: loggers))
        {
            await server.ExpectAsync(220);
            await server.CommandAsync($"USER {FtpTestServer.User}", 331);
            await server.CommandAsync($"pass {FtpTestServer.Password}", 230);
        }

        Assert.Contains(loggers.Entries, e => e.Level == LogLevel.Debug && e.Message.EndsWith("<- PASS ****", StringComparison.Ordinal));
        Assert.DoesNotContain(loggers.Entries, e => e.Message.Contains(FtpTestServer.Password, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new byte[] { (byte)'F', (byte)'R', 0x1B, (byte)'[', (byte)'2', (byte)'J', (byte)'O', 0x07, (byte)'B', 0x00, (byte)' ', (byte)'a', 0x1B, (byte)'b' })]
    [InlineData(new byte[] { (byte)'C', (byte)'W', (byte)'D', (byte)' ', (byte)'x', 0x1B, (byte)']', (byte)'0', (byte)';', 0x07, (byte)'y' })]
    [InlineData(new byte[] { (byte)'F', (byte)'R', (byte)'O', (byte)'B', (byte)' ', 0x9B, (byte)'3', (byte)'1', (byte)'m' })] // C1 CSI, read as Latin-1
    [InlineData(new byte[] { (byte)'M', (byte)'K', (byte)'D', (byte)' ', 0xE2, 0x80, 0xAE, (byte)'t', (byte)'x', (byte)'t' })] // U+202E right-to-left override
    public async Task Control_bytes_in_any_logged_line_are_escaped(byte[] line)
    {
        var loggers = new RecordingLoggerFactory();
        await using (var server = await LoggedInAsync(loggers))
        {
            await server.SendRawAsync([.. line, (byte)'\r', (byte)'\n']);
            await server.ReadReplyAsync();
            await server.CommandAsync("NOOP", 200);
        }

        var debug = loggers.Entries.Where(e => e.Level == LogLevel.Debug).Select(e => e.Message).ToList();
        Assert.Contains(debug, message => message.Contains("<- NOOP", StringComparison.Ordinal));
        Assert.Contains(debug, message => message.Contains("\\x", StringComparison.Ordinal) || message.Contains("\\u", StringComparison.Ordinal));
        foreach (var (_, message) in loggers.Entries)
        {
            Assert.DoesNotContain(message, c => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format);
        }
    }

    private static async Task<FtpTestServer> LoggedInAsync(RecordingLoggerFactory loggers)
    {
        var server = new FtpTestServer(loggers: loggers);
        await server.ExpectAsync(220);
        await server.CommandAsync($"USER {FtpTestServer.User}", 331);
        await server.CommandAsync($"PASS {FtpTestServer.Password}", 230);
        return server;
    }
}
