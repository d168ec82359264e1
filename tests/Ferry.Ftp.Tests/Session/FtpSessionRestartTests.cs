using System.Text;
using Ferry.Ftp.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Ferry.Ftp.Tests.Session;

/// <summary>REST is bounded: an upload resumes only within the file, and commands that cannot restart say so.</summary>
public sealed class FtpSessionRestartTests
{
    [Theory]
    [InlineData("1000000000000")]
    [InlineData("18691697672192")]
    [InlineData("11")]
    public async Task Rest_beyond_the_end_then_stor_gets_554_before_any_data_and_leaves_the_file(string offset)
    {
        var logs = new RecordingLoggerFactory();
        await using var server = await LoggedInAsync(logs);
        var file = Path.Combine(server.Root, "f.bin");
        await File.WriteAllTextAsync(file, "0123456789");
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("PASV", 227);
        await server.CommandAsync($"REST {offset}", 350);
        var reply = await server.CommandAsync("STOR f.bin", 554);
        Assert.Contains("beyond the end of the file (10 bytes)", reply.Text);
        Assert.Equal("0123456789", await File.ReadAllTextAsync(file));
        Assert.Equal(10, new FileInfo(file).Length);
        Assert.Empty(server.Data.ClientEnds);
        await server.CommandAsync("NOOP", 200);
        AssertNothingFailed(logs);
    }

    [Fact]
    public async Task Rest_then_stor_of_a_missing_file_gets_554_and_creates_nothing()
    {
        var logs = new RecordingLoggerFactory();
        await using var server = await LoggedInAsync(logs);
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("REST 18691697672192", 350);
        await server.CommandAsync("STOR new.bin", 554);
        Assert.Empty(Directory.GetFileSystemEntries(server.Root));
        AssertNothingFailed(logs);
    }

    [Fact]
    public async Task Rest_within_the_file_then_stor_resumes_there()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        var file = Path.Combine(server.Root, "f.bin");
        await File.WriteAllTextAsync(file, "0123456789");
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("REST 10", 350);
        await server.UploadAsync("STOR f.bin", Encoding.ASCII.GetBytes("ab"));
        await server.CommandAsync("REST 4", 350);
        await server.UploadAsync("STOR f.bin", Encoding.ASCII.GetBytes("xy"));
        Assert.Equal("0123xy", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task Rest_with_an_offset_past_any_file_then_retr_gets_554_without_a_failure_in_the_log()
    {
        var logs = new RecordingLoggerFactory();
        await using var server = await LoggedInAsync(logs);
        await File.WriteAllTextAsync(Path.Combine(server.Root, "f.bin"), "0123456789");
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("REST 18691697672192", 350);
        await server.CommandAsync("RETR f.bin", 554);
        await server.CommandAsync("REST 9223372036854775807", 350);
        await server.CommandAsync("RETR f.bin", 554);
        await server.CommandAsync("REST 9223372036854775808", 501);
        AssertNothingFailed(logs);
    }

    [Theory]
    [InlineData("APPE f.bin")]
    [InlineData("STOU f.bin")]
    public async Task Rest_before_a_command_that_cannot_restart_is_refused_and_used_up(string command)
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        var file = Path.Combine(server.Root, "f.bin");
        await File.WriteAllTextAsync(file, "0123456789");
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("REST 4", 350);
        var reply = await server.CommandAsync(command, 554);
        Assert.Contains("REST 4 does not apply to " + command[..4], reply.Text);
        Assert.Equal("0123456789", await File.ReadAllTextAsync(file));

        // The offset is gone: the same command now runs from the start.
        await server.UploadAsync(command, Encoding.ASCII.GetBytes("ab"));
    }

    private static async Task<FtpTestServer> LoggedInAsync(RecordingLoggerFactory logs)
    {
        var server = new FtpTestServer(loggers: logs);
        await server.ExpectAsync(220);
        await server.CommandAsync($"USER {FtpTestServer.User}", 331);
        await server.CommandAsync($"PASS {FtpTestServer.Password}", 230);
        return server;
    }

    /// <summary>What the hostile suite greps for: nothing logged as an error ("fail:") or as unhandled.</summary>
    private static void AssertNothingFailed(RecordingLoggerFactory logs) =>
        Assert.DoesNotContain(logs.Entries, entry => entry.Level >= LogLevel.Error || entry.Message.Contains("Unhandled", StringComparison.OrdinalIgnoreCase));
}
