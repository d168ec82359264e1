using System.Text;

namespace Ferry.Bench.Tests;

public class LineReaderTests
{
    [Fact]
    public async Task Returns_lines_that_outgrow_the_initial_buffer_whole()
    {
        var longLine = new string('x', 3000);
        var reader = new LineReader(new OneByteStream(Encoding.Latin1.GetBytes(longLine + "\r\nshort\r\n")), initialBuffer: 8);

        Assert.Equal(longLine, await reader.ReadLineAsync(CancellationToken.None));
        Assert.Equal("short", await reader.ReadLineAsync(CancellationToken.None));
        Assert.Null(await reader.ReadLineAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Refuses_a_line_longer_than_the_limit()
    {
        var endless = new byte[LineReader.MaxLineBytes + 10];
        var reader = new LineReader(new MemoryStream(endless));

        await Assert.ThrowsAsync<FtpProtocolException>(() => reader.ReadLineAsync(CancellationToken.None).AsTask());
    }
}
