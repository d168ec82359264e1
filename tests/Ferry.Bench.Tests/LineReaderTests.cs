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

    [Fact]
    public void Reads_lines_blocking_fed_one_byte_at_a_time()
    {
        var longLine = new string('x', 3000);
        var reader = new LineReader(new OneByteStream(Encoding.Latin1.GetBytes("RETR a\r\n" + longLine + "\nPASV\r\n")), initialBuffer: 8);

        Assert.Equal("RETR a", reader.ReadLine());
        Assert.Equal(longLine, reader.ReadLine());
        Assert.Equal("PASV", reader.ReadLine());
        Assert.Null(reader.ReadLine());
    }

    [Fact]
    public void Reports_a_blocking_read_that_ends_in_the_middle_of_a_line()
    {
        var reader = new LineReader(new OneByteStream("QUI"u8.ToArray()));

        Assert.Throws<FtpProtocolException>(() => reader.ReadLine());
    }
}
