using Ferry.Admin;

namespace Ferry.Tests.Admin;

public sealed class SessionTableTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void No_sessions_is_said_in_words()
    {
        Assert.Equal("No sessions are open.", SessionTable.Format([], Now));
    }

    [Fact]
    public void A_row_shows_id_protocol_user_client_age_and_the_command_or_transfer()
    {
        SessionInfo[] sessions =
        [
            new("1a", "ftp", "alice", "192.0.2.7", Now.AddMinutes(-3).AddSeconds(-5), "RETR /big.iso",
                new TransferInfo("/big.iso", "download", Now.AddSeconds(-10), 3 * 1024 * 1024, 512 * 1024)),
            new("1b", "webdav", null, "2001:db8::1", Now.AddHours(-2), "PROPFIND /", null),
        ];

        var lines = SessionTable.Format(sessions, Now).Split('\n');

        Assert.Equal(3, lines.Length);
        Assert.StartsWith("ID", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^1a\s+ftp\s+alice\s+192\.0\.2\.7\s+3m05s\s+-> /big\.iso 3\.0 MiB at 512\.0 KiB/s$", lines[1]);
        Assert.Matches(@"^1b\s+webdav\s+-\s+2001:db8::1\s+2h00m\s+PROPFIND /$", lines[2]);
    }

    [Fact]
    public void A_virtual_sites_account_is_shown_as_site_bar_name()
    {
        SessionInfo[] sessions = [new("2", "ftp", "ann", "192.0.2.7", Now, "PWD", null) { Site = "ftp.example.com" }];
        Assert.Matches(@"^2\s+ftp\s+ftp\.example\.com\|ann\s+192\.0\.2\.7\s", SessionTable.Format(sessions, Now).Split('\n')[1]);
    }
}
