using System.Net.Sockets;
using System.Text;

namespace Ferry.Integration.Tests;

/// <summary>
/// PUTs of many receive rounds against the real process over one keep-alive connection: the file
/// lands whole, the connection's next requests, a few hundred bytes each, are answered (nothing the
/// body's reading set on the connection, such as a receive low-water mark, may outlive it), and a
/// large PUT that breaks off keeps the old file.
/// </summary>
public sealed class WebDavLargePutTests(ITestOutputHelper output)
{
    /// <summary>Bounded waits for an answer: only a hang reaches them.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    /// <summary>24 MiB: dozens of the server's 512 KiB receive rounds, far more than Kestrel's 1 MiB request buffer.</summary>
    private const int Large = 24 * 1024 * 1024;

    [Fact]
    public async Task A_large_PUT_lands_whole_and_the_connection_s_next_requests_are_answered()
    {
        await using var server = await FerryServer.StartAsync(output);
        var content = new byte[Large];
        new Random(12).NextBytes(content);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.WebDavPort);
        var stream = tcp.GetStream();

        await SendPutAsync(stream, server, "large.bin", content);
        Assert.StartsWith("HTTP/1.1 201", await ReadResponseAsync(stream));

        // A few hundred bytes: answered only if the server is woken by their first bytes.
        await SendPutAsync(stream, server, "small.txt", "small"u8.ToArray());
        Assert.StartsWith("HTTP/1.1 201", await ReadResponseAsync(stream));
        await SendPutAsync(stream, server, "large.bin", content.AsMemory(0, Large / 2).ToArray());
        Assert.StartsWith("HTTP/1.1 204", await ReadResponseAsync(stream));
        await SendPutAsync(stream, server, "small.txt", "smaller"u8.ToArray());
        Assert.StartsWith("HTTP/1.1 204", await ReadResponseAsync(stream));

        Assert.Equal(content.AsMemory(0, Large / 2).ToArray(), await File.ReadAllBytesAsync(Path.Combine(server.RootDir, "large.bin")));
        Assert.Equal("smaller", await File.ReadAllTextAsync(Path.Combine(server.RootDir, "small.txt")));
    }

    [Fact]
    public async Task A_large_PUT_whose_client_stops_short_keeps_the_old_file()
    {
        await using var server = await FerryServer.StartAsync(output);
        var old = Path.Combine(server.RootDir, "kept.bin");
        await File.WriteAllTextAsync(old, "old content");
        var content = new byte[Large];
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(server.Host, server.WebDavPort);
            var stream = tcp.GetStream();
            await stream.WriteAsync(Head(server, "kept.bin", content.Length));
            await stream.WriteAsync(content.AsMemory(0, Large - (1024 * 1024)));
            await stream.FlushAsync();
            await WaitUntilAsync(() => Directory.GetFiles(server.RootDir, ".ferry-upload-*").Length == 1, "the upload's temporary file");

            // A reset, as the kernel sends for a killed client.
            tcp.Client.LingerState = new LingerOption(true, 0);
        }

        await WaitUntilAsync(() => Directory.GetFiles(server.RootDir, ".ferry-upload-*").Length == 0, "the aborted upload's temporary file to go");
        Assert.Equal("old content", await File.ReadAllTextAsync(old));
    }

    private static byte[] Head(FerryServer server, string name, long length)
    {
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(server.Credentials));
        return Encoding.ASCII.GetBytes(
            $"PUT /{name} HTTP/1.1\r\nHost: {server.Host}:{server.WebDavPort}\r\nAuthorization: Basic {basic}\r\n"
            + $"Content-Type: application/octet-stream\r\nContent-Length: {length}\r\n\r\n");
    }

    private static async Task SendPutAsync(NetworkStream stream, FerryServer server, string name, byte[] body)
    {
        await stream.WriteAsync(Head(server, name, body.Length));
        await stream.WriteAsync(body);
        await stream.FlushAsync();
    }

    /// <summary>One response: its status line and headers, and its body by Content-Length (none without one).</summary>
    private static async Task<string> ReadResponseAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            Assert.True(head.Length < 16 * 1024, "The response's head does not end.");
            Assert.Equal(1, await stream.ReadAsync(one).AsTask().WaitAsync(Hang));
            head.Append((char)one[0]);
        }

        var text = head.ToString();
        var length = text.Split("\r\n")
            .Where(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(line => int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
        var body = new byte[length];
        await stream.ReadExactlyAsync(body).AsTask().WaitAsync(Hang);
        return text;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Hang;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Gave up waiting for {what}.");
            await Task.Delay(50);
        }
    }
}
