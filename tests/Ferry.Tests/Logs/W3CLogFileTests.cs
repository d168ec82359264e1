using Ferry.Logs;
using Ferry.Testing;

namespace Ferry.Tests.Logs;

public sealed class W3CLogFileTests
{
    private static readonly DateTimeOffset LateEvening = new(2026, 12, 3, 23, 59, 58, TimeSpan.Zero);

    [Fact]
    public void The_first_write_of_a_day_starts_the_file_with_the_header()
    {
        using var dir = new TempDirectory();
        var clock = new FakeClock(LateEvening);
        var log = new W3CLogFile(dir.Path, "Ferry 9.9", clock, W3CFields.Default);
        log.Write([AuditEvents.Retr(clock.GetUtcNow())]);
        log.Write([AuditEvents.Retr(clock.GetUtcNow())]);

        var lines = File.ReadAllLines(dir.File("u_ex261203.log"));
        Assert.Equal(["#Software: Ferry 9.9", "#Version: 1.0", "#Date: 2026-12-03 23:59:58", "#Fields: " + W3CFields.Default.Header], lines[..4]);
        Assert.Equal(6, lines.Length);
        Assert.All(lines[4..], l => Assert.StartsWith("2026-12-03 23:59:58 ", l, StringComparison.Ordinal));
    }

    [Fact]
    public void Midnight_utc_rolls_over_to_a_new_file_with_its_own_header()
    {
        using var dir = new TempDirectory();
        var clock = new FakeClock(LateEvening);
        var log = new W3CLogFile(dir.Path, "Ferry 9.9", clock, W3CFields.Default);
        var before = AuditEvents.Retr(clock.GetUtcNow());
        clock.Advance(TimeSpan.FromSeconds(5));
        var after = AuditEvents.Retr(clock.GetUtcNow());

        // One batch across midnight: each line goes to the file of the day it ended in.
        log.Write([before, after]);

        var old = File.ReadAllLines(dir.File("u_ex261203.log"));
        var fresh = File.ReadAllLines(dir.File("u_ex261204.log"));
        Assert.Equal(5, old.Length);
        Assert.Equal(5, fresh.Length);
        Assert.Equal("#Date: 2026-12-04 00:00:03", fresh[2]);
        Assert.StartsWith("2026-12-04 00:00:03 ", fresh[4], StringComparison.Ordinal);
    }

    [Fact]
    public void A_restart_writes_the_header_again_into_the_same_file_as_iis_does()
    {
        using var dir = new TempDirectory();
        var clock = new FakeClock(LateEvening);
        new W3CLogFile(dir.Path, "Ferry 9.9", clock, W3CFields.Default).Write([AuditEvents.Retr(clock.GetUtcNow())]);
        new W3CLogFile(dir.Path, "Ferry 9.9", clock, W3CFields.Default).Write([AuditEvents.Retr(clock.GetUtcNow())]);

        var lines = File.ReadAllLines(dir.File("u_ex261203.log"));
        Assert.Equal(10, lines.Length);
        Assert.Equal(2, lines.Count(l => l.StartsWith("#Fields: ", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_file_moved_away_by_rotation_is_created_again_with_a_header()
    {
        using var dir = new TempDirectory();
        var clock = new FakeClock(LateEvening);
        var log = new W3CLogFile(dir.Path, "Ferry 9.9", clock, W3CFields.Default);
        log.Write([AuditEvents.Retr(clock.GetUtcNow())]);
        File.Move(dir.File("u_ex261203.log"), dir.File("rotated.log"));
        log.Write([AuditEvents.Retr(clock.GetUtcNow())]);

        var lines = File.ReadAllLines(dir.File("u_ex261203.log"));
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("#Software: ", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_folder_is_created_when_the_first_line_is_written()
    {
        using var dir = new TempDirectory();
        var clock = new FakeClock(LateEvening);
        var folder = Path.Combine(dir.Path, "logs", "w3c");
        var log = new W3CLogFile(folder, "Ferry 9.9", clock, W3CFields.Default);
        Assert.False(Directory.Exists(folder));
        log.Write([AuditEvents.Retr(clock.GetUtcNow())]);
        Assert.True(File.Exists(Path.Combine(folder, "u_ex261203.log")));
    }
}
