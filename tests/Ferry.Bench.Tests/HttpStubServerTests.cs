using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Ferry.Bench.Tests;

public sealed class HttpStubServerTests : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly IPEndPoint _endpoint;
    private readonly Task _serving;

    public HttpStubServerTests()
    {
        var stub = new HttpStubServer(new IPEndPoint(IPAddress.Loopback, 0), 4096, TimeSpan.FromMinutes(2));
        _endpoint = stub.Listen();
        _serving = stub.ServeAsync(_stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _serving.WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }

    private HttpTarget Target => new(_endpoint, "alice", "anything", Tls: false, "stub");

    private static JsonElement Json(ResultLine line)
    {
        using var output = new MemoryStream();
        line.WriteTo(output);
        return JsonDocument.Parse(output.ToArray()).RootElement.Clone();
    }

    [Fact]
    public async Task A_crowd_of_keep_alive_clients_gets_every_file_whole()
    {
        var crowd = new HttpCrowdMetric(new HttpCrowdMetric.Options(Target, 30, 5, "small", 2000, 4096, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60)));

        var result = Json(await crowd.MeasureAsync());

        Assert.Equal(30, result.GetProperty("completed").GetInt32());
        Assert.Equal(0, result.GetProperty("failures").GetInt32());
    }

    [Fact]
    public async Task Idle_connections_stay_open_after_their_GET()
    {
        var idle = new HttpIdleMetric(new HttpIdleMetric.Options(Target, 20, Environment.ProcessId, "/small/f00000", 4096, 10, TimeSpan.Zero, TimeSpan.FromSeconds(60)));

        var result = Json(await idle.MeasureAsync());

        Assert.Equal(20, result.GetProperty("completed").GetInt32());
        Assert.Equal(0, result.GetProperty("closed_by_server").GetInt32());
    }

    [Fact]
    public async Task Two_requests_in_one_write_get_two_answers()
    {
        using var client = await ConnectAsync();

        await SendAsync(client, "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n");
        var answer = await ReadAsync(client, 2 * OkLength);

        Assert.Equal(2, CountOf(answer, "HTTP/1.1 200 OK"));
    }

    [Fact]
    public async Task A_request_head_sent_one_byte_at_a_time_is_answered()
    {
        using var client = await ConnectAsync();

        foreach (var b in Encoding.ASCII.GetBytes("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"))
        {
            await client.SendAsync(new[] { b }, SocketFlags.None);
        }

        var answer = await ReadAsync(client, OkLength);
        Assert.StartsWith("HTTP/1.1 200 OK\r\nContent-Length: 4096\r\n", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PUT /a HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", "HTTP/1.1 405 ")]
    [InlineData("GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "HTTP/1.1 200 ")]
    [InlineData("GET /a HTTP/1.1\r\nHost: x\r\nconnection :  Close \r\n\r\n", "HTTP/1.1 200 ")]
    [InlineData("GET /a HTTP/1.0\r\n\r\n", "HTTP/1.1 200 ")]
    public async Task Answers_then_closes_a_request_it_does_not_keep_alive(string request, string status)
    {
        using var client = await ConnectAsync();

        await SendAsync(client, request);
        var answer = await ReadToEndAsync(client);

        Assert.StartsWith(status, answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_head_longer_than_its_limit_is_431_and_closed()
    {
        using var client = await ConnectAsync();

        await SendAsync(client, "GET /a HTTP/1.1\r\nX-Long: " + new string('a', HttpStubServer.MaxHead) + "\r\n\r\n");
        var answer = await ReadToEndAsync(client);

        Assert.StartsWith("HTTP/1.1 431 ", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HEAD_gets_the_length_without_the_body()
    {
        using var client = await ConnectAsync();

        await SendAsync(client, "HEAD /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        var answer = await ReadToEndAsync(client);

        Assert.EndsWith("Content-Length: 4096\r\nContent-Type: application/octet-stream\r\n\r\n", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n\r\n", false)]
    [InlineData("GET / HTTP/1.1\r\nX-Connection: close\r\n\r\n", false)]
    [InlineData("GET / HTTP/1.1\r\nConnection: keep-alive\r\n\r\n", false)]
    [InlineData("GET / HTTP/1.1\r\nCONNECTION: CLOSE\r\n\r\n", true)]
    [InlineData("GET / HTTP/1.0\r\n\r\n", true)]
    public void Reads_whether_the_client_asks_to_close(string head, bool close)
    {
        Assert.Equal(close, HttpStubServer.HasConnectionClose(Encoding.ASCII.GetBytes(head)));
    }

    /// <summary>The length of one 200 answer: its head and 4 KiB.</summary>
    private static readonly int OkLength = "HTTP/1.1 200 OK\r\nContent-Length: 4096\r\nContent-Type: application/octet-stream\r\n\r\n".Length + 4096;

    private async Task<Socket> ConnectAsync()
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 10_000 };
        await client.ConnectAsync(_endpoint);
        return client;
    }

    private static Task SendAsync(Socket client, string text) => client.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None);

    private static async Task<string> ReadAsync(Socket client, int length)
    {
        var buffer = new byte[length];
        var read = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (read < length)
        {
            var n = await client.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, timeout.Token);
            Assert.NotEqual(0, n);
            read += n;
        }

        return Encoding.ASCII.GetString(buffer);
    }

    /// <summary>Everything until the stub closes; a stub that kept the connection fails the test by the timeout.</summary>
    private static async Task<string> ReadToEndAsync(Socket client)
    {
        var all = new MemoryStream();
        var buffer = new byte[8192];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int n;
        while ((n = await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            all.Write(buffer, 0, n);
        }

        return Encoding.ASCII.GetString(all.ToArray());
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
