using System.Text;

namespace Ferry.Bench.Tests;

public class HttpResponseReaderTests
{
    private static HttpResponseReader OneByteAtATime(string text) =>
        new(new OneByteStream(Encoding.Latin1.GetBytes(text)), bufferBytes: 16);

    [Fact]
    public async Task Counts_a_Content_Length_body_fed_one_byte_at_a_time()
    {
        var reader = OneByteAtATime("HTTP/1.1 200 OK\r\nContent-Length: 4096\r\nETag: \"x\"\r\n\r\n" + new string('a', 4096));

        var response = await reader.ReadAsync(bodyless: false, CancellationToken.None);

        Assert.Equal(new HttpResponse(200, 4096, KeepAlive: true), response);
    }

    [Fact]
    public async Task Reads_responses_one_after_the_other_on_a_keep_alive_connection()
    {
        var reader = OneByteAtATime(
            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc" +
            "HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\n\r\nnope!" +
            "HTTP/1.1 200 OK\r\ncontent-length: 1\r\nConnection: close\r\n\r\nz");

        Assert.Equal(new HttpResponse(200, 3, true), await reader.ReadAsync(false, CancellationToken.None));
        Assert.Equal(new HttpResponse(404, 5, true), await reader.ReadAsync(false, CancellationToken.None));
        Assert.Equal(new HttpResponse(200, 1, false), await reader.ReadAsync(false, CancellationToken.None));
    }

    [Fact]
    public async Task Counts_a_chunked_body_with_extensions_and_trailers_and_then_reads_the_next_response()
    {
        var reader = OneByteAtATime(
            "HTTP/1.1 207 Multi-Status\r\nTransfer-Encoding: chunked\r\n\r\n" +
            "a;name=value\r\n0123456789\r\n1F\r\n" + new string('b', 31) + "\r\n0\r\nX-Trailer: 1\r\n\r\n" +
            "HTTP/1.1 204 No Content\r\n\r\n");

        Assert.Equal(new HttpResponse(207, 41, true), await reader.ReadAsync(false, CancellationToken.None));
        Assert.Equal(new HttpResponse(204, 0, true), await reader.ReadAsync(false, CancellationToken.None));
    }

    [Fact]
    public async Task Skips_an_interim_100_Continue()
    {
        var reader = OneByteAtATime("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");

        Assert.Equal(new HttpResponse(201, 0, true), await reader.ReadAsync(false, CancellationToken.None));
    }

    [Fact]
    public async Task Takes_HTTP_1_0_as_closing_unless_it_says_keep_alive()
    {
        var reader = OneByteAtATime(
            "HTTP/1.0 200 OK\r\nContent-Length: 1\r\nConnection: Keep-Alive\r\n\r\nx" +
            "HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\ny");

        Assert.True((await reader.ReadAsync(false, CancellationToken.None)).KeepAlive);
        Assert.False((await reader.ReadAsync(false, CancellationToken.None)).KeepAlive);
    }

    [Fact]
    public async Task Reads_a_body_without_length_to_the_end_of_the_stream()
    {
        var reader = OneByteAtATime("HTTP/1.1 200 OK\r\n\r\n" + new string('c', 100));

        Assert.Equal(new HttpResponse(200, 100, false), await reader.ReadAsync(false, CancellationToken.None));
    }

    [Fact]
    public async Task Reads_no_body_after_a_HEAD_whatever_the_length_says()
    {
        var reader = OneByteAtATime("HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");

        Assert.Equal(new HttpResponse(200, 0, true), await reader.ReadAsync(bodyless: true, CancellationToken.None));
        Assert.Equal(200, (await reader.ReadAsync(false, CancellationToken.None)).Status);
    }

    [Theory]
    [InlineData("", "closed before a status line")]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n\r\n", "not an HTTP/1.x status line")]
    [InlineData("HTTP/1.1 20 OK\r\n\r\n", "not an HTTP/1.x status line")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", "body bytes still to come")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "bad Content-Length")]
    [InlineData("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "malformed header line")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "bad chunk size")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n", "chunk not followed by CRLF")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Le", "in the middle of a line")]
    public async Task Refuses_what_is_not_a_whole_HTTP_response(string text, string reason)
    {
        var error = await Assert.ThrowsAsync<HttpResponseException>(() => OneByteAtATime(text).ReadAsync(false, CancellationToken.None).AsTask());

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_line_longer_than_the_limit()
    {
        var reader = new HttpResponseReader(new MemoryStream(Encoding.Latin1.GetBytes("HTTP/1.1 200 OK\r\nX: " + new string('x', HttpResponseReader.MaxLineBytes) + "\r\n\r\n")));

        var error = await Assert.ThrowsAsync<HttpResponseException>(() => reader.ReadAsync(false, CancellationToken.None).AsTask());
        Assert.Contains("longer than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_endless_headers()
    {
        var headers = string.Concat(Enumerable.Range(0, HttpResponseReader.MaxHeaders + 1).Select(i => $"X-{i}: y\r\n"));
        var reader = new HttpResponseReader(new MemoryStream(Encoding.Latin1.GetBytes("HTTP/1.1 200 OK\r\n" + headers + "\r\n")));

        var error = await Assert.ThrowsAsync<HttpResponseException>(() => reader.ReadAsync(false, CancellationToken.None).AsTask());
        Assert.Contains("header lines", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK", 200, false)]
    [InlineData("HTTP/1.1 207", 207, false)]
    [InlineData("HTTP/1.0 404 Not Found", 404, true)]
    public void Parses_status_lines(string line, int status, bool http10)
    {
        Assert.Equal((status, http10), HttpResponseReader.ParseStatusLine(line));
    }
}
