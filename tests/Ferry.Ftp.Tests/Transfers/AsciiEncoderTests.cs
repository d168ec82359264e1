using System.Text;
using Ferry.Ftp.Transfers;

namespace Ferry.Ftp.Tests.Transfers;

public sealed class AsciiEncoderTests
{
    private static string EncodeByteByByte(string text)
    {
        var encoder = new AsciiEncoder();
        var output = new StringBuilder();
        var buffer = new byte[2];
        foreach (var b in Encoding.ASCII.GetBytes(text))
        {
            var n = encoder.Encode([b], buffer);
            output.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        return output.ToString();
    }

    [Theory]
    [InlineData("a\nb\n", "a\r\nb\r\n")]
    [InlineData("a\r\nb", "a\r\nb")]
    [InlineData("\n\n", "\r\n\r\n")]
    [InlineData("lone\rcr", "lone\rcr")]
    [InlineData("", "")]
    public void Line_ends_become_crlf_once_even_across_chunks(string stored, string wire) =>
        Assert.Equal(wire, EncodeByteByByte(stored));

    [Fact]
    public void Worst_case_output_fits_the_declared_bound()
    {
        var input = Encoding.ASCII.GetBytes(new string('\n', 100));
        var output = new byte[AsciiEncoder.MaxOutput(input.Length)];
        Assert.Equal(200, new AsciiEncoder().Encode(input, output));
    }
}
