using System.Text;

namespace Ferry.Bench.Tests;

public class BlockingReplyReaderTests
{
    private static BlockingReplyReader Reader(string wire, int bufferBytes = BlockingReplyReader.DefaultBufferBytes) =>
        new(new OneByteStream(Encoding.Latin1.GetBytes(wire)), bufferBytes);

    private static string Text(BlockingReplyReader reader) => Encoding.Latin1.GetString(reader.Text);

    [Fact]
    public void Reads_single_line_replies_fed_one_byte_at_a_time()
    {
        var reader = Reader("220 Ready\r\n331 Password\r\n");

        Assert.Equal(220, reader.ReadReply());
        Assert.Equal("220 Ready", Text(reader));
        Assert.Equal(331, reader.ReadReply());
        Assert.Equal("331 Password", Text(reader));
    }

    [Fact]
    public void Reads_replies_that_arrived_in_one_read_one_after_the_other()
    {
        var reader = new BlockingReplyReader(new MemoryStream("150 Here\r\n226 Done\r\n"u8.ToArray()));

        Assert.Equal(150, reader.ReadReply());
        Assert.True(reader.HasBufferedData);
        Assert.Equal(226, reader.ReadReply());
        Assert.Equal("226 Done", Text(reader));
    }

    [Fact]
    public void Joins_a_multi_line_reply_up_to_the_line_with_the_same_code_and_a_space()
    {
        var reader = Reader("211-Features:\r\n EPSV\r\n211-not the end\r\n211 End\r\n200 next\r\n");

        Assert.Equal(211, reader.ReadReply());
        Assert.Equal("211-Features:\n EPSV\n211-not the end\n211 End", reader.TextString);
        Assert.Equal(200, reader.ReadReply());
    }

    [Fact]
    public void Keeps_the_latest_lines_of_a_multi_line_reply_longer_than_the_buffer()
    {
        var reader = Reader("211-first\r\n 0123456789\r\n 0123456789\r\n211 End\r\n200 next\r\n", bufferBytes: 16);

        Assert.Equal(211, reader.ReadReply());
        Assert.EndsWith("211 End", Text(reader), StringComparison.Ordinal);
        Assert.Equal(200, reader.ReadReply());
        Assert.Equal("200 next", Text(reader));
    }

    [Fact]
    public void Refuses_a_line_longer_than_the_buffer()
    {
        var error = Assert.Throws<FtpProtocolException>(() => Reader("200 " + new string('x', 40) + "\r\n", bufferBytes: 16).ReadReply());

        Assert.False(error.InSync);
    }

    [Fact]
    public void Accepts_bare_LF_line_ends()
    {
        var reader = Reader("226 Done\n");

        Assert.Equal(226, reader.ReadReply());
        Assert.Equal("226 Done", Text(reader));
    }

    [Fact]
    public void Hands_a_227_reply_to_the_passive_parser_as_bytes()
    {
        var reader = Reader("227 Entering Passive Mode (127,0,0,1,117,48).\r\n");

        Assert.Equal(227, reader.ReadReply());
        Assert.True(PassiveReply.TryParsePasv(reader.Text, out var port));
        Assert.Equal(30000, port);
    }

    [Theory]
    [InlineData("hello\r\n")]
    [InlineData("22\r\n")]
    [InlineData("2200 x\r\n")]
    public void Rejects_a_line_without_a_reply_code(string wire)
    {
        var error = Assert.Throws<FtpProtocolException>(() => Reader(wire).ReadReply());

        Assert.False(error.InSync);
    }

    [Fact]
    public void Reports_a_connection_closed_before_a_reply()
    {
        var error = Assert.Throws<FtpProtocolException>(() => Reader("").ReadReply());

        Assert.Contains("waiting for a reply", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_a_connection_closed_in_the_middle_of_a_reply()
    {
        var error = Assert.Throws<FtpProtocolException>(() => Reader("226 Do").ReadReply());

        Assert.Contains("middle of a reply", error.Message, StringComparison.Ordinal);
    }
}
