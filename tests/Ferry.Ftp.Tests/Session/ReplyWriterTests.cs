using System.Buffers;
using System.Text;
using Ferry.Ftp.Session;

namespace Ferry.Ftp.Tests.Session;

public sealed class ReplyWriterTests
{
    private static string Format(int code, string text)
    {
        var buffer = new ArrayBufferWriter<byte>();
        ReplyWriter.Format(code, text, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void Single_line_reply_is_code_space_text_crlf() =>
        Assert.Equal("200 OK.\r\n", Format(200, "OK."));

    [Fact]
    public void Multi_line_reply_follows_rfc_959_section_4_2() =>
        Assert.Equal("211-Features:\r\n EPSV\r\n211 End\r\n", Format(211, "Features:\n EPSV\nEnd"));

    [Fact]
    public void Middle_line_that_looks_like_a_last_line_is_indented() =>
        Assert.Equal("214-Help\r\n 214 trick\r\n214 Done\r\n", Format(214, "Help\n214 trick\nDone"));

    [Fact]
    public void Carriage_returns_cannot_inject_reply_lines() =>
        Assert.Equal("550 a b\r\n", Format(550, "a\r b"));
}
