using System.Text;
using Ferry.Ftp.Transfers;

namespace Ferry.Ftp.Tests.Transfers;

public sealed class AsciiDecoderTests
{
    private static string DecodeByteByByte(string wire)
    {
        var decoder = new AsciiDecoder();
        var output = new StringBuilder();
        var buffer = new byte[2];
        foreach (var b in Encoding.ASCII.GetBytes(wire))
        {
            var n = decoder.Decode([b], buffer);
            output.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        var tail = decoder.Flush(buffer);
        return output.Append(Encoding.ASCII.GetString(buffer, 0, tail)).ToString();
    }

    [Theory]
    [InlineData("a\r\nb\r\n", "a\nb\n")]
    [InlineData("a\rb", "a\rb")]
    [InlineData("end\r", "end\r")]
    [InlineData("\r\r\n", "\r\n")]
    [InlineData("unix\n", "unix\n")]
    public void Crlf_is_stored_as_lf_and_lone_cr_is_kept(string wire, string stored) =>
        Assert.Equal(stored, DecodeByteByByte(wire));

    [Fact]
    public void Whole_chunk_gives_the_same_result_as_single_bytes()
    {
        const string wire = "x\r\ny\rz\r\n\r";
        var decoder = new AsciiDecoder();
        var output = new byte[wire.Length + 1];
        var n = decoder.Decode(Encoding.ASCII.GetBytes(wire), output);
        n += decoder.Flush(output.AsSpan(n));
        Assert.Equal(DecodeByteByByte(wire), Encoding.ASCII.GetString(output, 0, n));
    }
}
