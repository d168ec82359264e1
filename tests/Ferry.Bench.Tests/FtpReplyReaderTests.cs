using System.Text;

namespace Ferry.Bench.Tests;

public class FtpReplyReaderTests
{
    private static FtpReplyReader Reader(string wire) =>
        new(new LineReader(new OneByteStream(Encoding.Latin1.GetBytes(wire)), initialBuffer: 4));

    [Fact]
    public async Task Reads_single_line_replies_fed_one_byte_at_a_time()
    {
        var reader = Reader("220 Ready\r\n331 Password\r\n");

        var first = await reader.ReadReplyAsync(CancellationToken.None);
        var second = await reader.ReadReplyAsync(CancellationToken.None);

        Assert.Equal(new FtpReply(220, "220 Ready"), first);
        Assert.Equal(new FtpReply(331, "331 Password"), second);
    }

    [Fact]
    public async Task Joins_a_multi_line_reply_up_to_the_line_with_the_same_code_and_a_space()
    {
        var reader = Reader("211-Features:\r\n EPSV\r\n211-not the end\r\n211 End\r\n200 next\r\n");

        var feat = await reader.ReadReplyAsync(CancellationToken.None);
        var next = await reader.ReadReplyAsync(CancellationToken.None);

        Assert.Equal(211, feat.Code);
        Assert.Equal("211-Features:\n EPSV\n211-not the end\n211 End", feat.Text);
        Assert.Equal(200, next.Code);
    }

    [Fact]
    public async Task Accepts_bare_LF_line_ends()
    {
        var reply = await Reader("226 Done\n").ReadReplyAsync(CancellationToken.None);

        Assert.Equal(new FtpReply(226, "226 Done"), reply);
    }

    [Fact]
    public async Task Rejects_a_line_without_a_reply_code()
    {
        var error = await Assert.ThrowsAsync<FtpProtocolException>(() => Reader("hello\r\n").ReadReplyAsync(CancellationToken.None).AsTask());

        Assert.False(error.InSync);
    }

    [Fact]
    public async Task Reports_a_connection_closed_before_a_reply()
    {
        await Assert.ThrowsAsync<FtpProtocolException>(() => Reader("").ReadReplyAsync(CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task Reports_a_connection_closed_in_the_middle_of_a_line()
    {
        await Assert.ThrowsAsync<FtpProtocolException>(() => Reader("226 Do").ReadReplyAsync(CancellationToken.None).AsTask());
    }
}
