using Ferry.Core.Audit;
using Ferry.Logs;

namespace Ferry.Tests.Logs;

public sealed class XferlogFormatTests
{
    [Fact]
    public void A_download_has_the_fourteen_fields_of_xferlog()
    {
        Assert.Equal(
            "Thu Dec  3 12:34:56 2026 2 192.0.2.10 1048576 /reports/q3_final.pdf b _ o r alice ftp 0 * c\n",
            XferlogFormat.Line(AuditEvents.Retr()));
    }

    [Fact]
    public void An_incomplete_ascii_upload_by_an_anonymous_user()
    {
        var upload = AuditEvents.Retr(new DateTimeOffset(2026, 12, 13, 1, 2, 3, TimeSpan.Zero)) with
        {
            Method = "STOR",
            Path = "/in/x.txt",
            Status = 426,
            Transfer = AuditTransfer.Upload,
            BytesSent = 0,
            BytesReceived = 300,
            Binary = false,
            Anonymous = true,
            User = "anonymous",
            Duration = TimeSpan.FromMilliseconds(20),
        };
        Assert.Equal("Sun Dec 13 01:02:03 2026 1 192.0.2.10 300 /in/x.txt a _ i a anonymous ftp 0 * i\n", XferlogFormat.Line(upload));
    }

    [Fact]
    public void Webdav_transfers_name_the_http_service()
    {
        var line = XferlogFormat.Line(AuditEvents.Retr() with { Protocol = "https", Method = "GET" });
        Assert.Contains(" alice http 0 * c", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AuditTransfer.None)]
    [InlineData(AuditTransfer.Listing)]
    public void Operations_that_move_no_file_are_not_in_xferlog(AuditTransfer transfer) =>
        Assert.Null(XferlogFormat.Line(AuditEvents.Retr() with { Transfer = transfer }));

    [Fact]
    public void A_name_cannot_add_fields_or_lines()
    {
        var line = XferlogFormat.Line(AuditEvents.Retr() with { Path = "/a b\nc\td" })!;
        Assert.Equal(14 + 4, line.TrimEnd('\n').Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains(" /a_b?c?d ", line, StringComparison.Ordinal);
    }
}
