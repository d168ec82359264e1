using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Ferry.Integration.Tests;

/// <summary>
/// A control connection spoken by hand, for what real clients hide: exact reply codes, replies that
/// arrive while a transfer runs, a server that closes the connection. Every read is bounded.
/// </summary>
public sealed partial class RawFtpClient : IAsyncDisposable
{
    /// <summary>A reply slower than this on loopback means the server is hung, not busy.</summary>
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(15);

    /// <summary>A reply with more lines than this is runaway output, not a reply.</summary>
    private const int MaxReplyLines = 1000;

    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly List<byte> _pending = [];
    private readonly byte[] _buffer = new byte[4096];

    private RawFtpClient(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public string Host { get; private init; } = "";

    /// <summary>Connects without reading anything: the greeting (or a refusal) is the first reply.</summary>
    public static async Task<RawFtpClient> ConnectAsync(string host, int port)
    {
        var client = new TcpClient();
        try
        {
            using var timeout = new CancellationTokenSource(ReplyTimeout);
            await client.ConnectAsync(host, port, timeout.Token);
            return new RawFtpClient(client) { Host = host };
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Connects, expects 220 and logs on.</summary>
    public static async Task<RawFtpClient> LogOnAsync(FerryServer server, string? user = null, string? password = null)
    {
        var client = await ConnectAsync(server.Host, server.Port);
        try
        {
            await client.ExpectAsync(220);
            await client.CommandAsync($"USER {user ?? server.User}");
            await client.ExpectCommandAsync($"PASS {password ?? server.Password}", 230);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public async Task SendAsync(string line)
    {
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"), timeout.Token);
    }

    public async Task<FtpReply> CommandAsync(string line)
    {
        await SendAsync(line);
        return await ReadReplyAsync();
    }

    public async Task<FtpReply> ExpectCommandAsync(string line, int code)
    {
        await SendAsync(line);
        return await ExpectAsync(code);
    }

    public async Task<FtpReply> ExpectAsync(int code)
    {
        var reply = await ReadReplyAsync();
        Assert.True(reply.Code == code, $"expected {code}, got: {reply.Text}");
        return reply;
    }

    /// <summary>One reply, multi-line ones included (RFC 959 4.2: "123-" up to "123 ").</summary>
    public async Task<FtpReply> ReadReplyAsync()
    {
        var first = await ReadLineAsync() ?? throw new IOException("the server closed the control connection instead of replying");
        var lines = new List<string> { first };
        if (first.Length >= 4 && first[3] == '-')
        {
            var end = first[..3] + " ";
            while (!lines[^1].StartsWith(end, StringComparison.Ordinal))
            {
                Assert.True(lines.Count < MaxReplyLines, "a multi-line reply that does not end");
                lines.Add(await ReadLineAsync() ?? throw new IOException("the server closed the control connection inside a multi-line reply"));
            }
        }
        if (first.Length < 3 || !int.TryParse(first[..3], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            throw new IOException($"not an FTP reply: {first}");
        }
        return new FtpReply(code, string.Join('\n', lines));
    }

    /// <summary>True when the server closes (or resets) the connection before sending another byte.</summary>
    public async Task<bool> IsClosedByServerAsync()
    {
        try
        {
            return await ReadLineAsync() is null;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>PASV, then a data connection to the port it names.</summary>
    public async Task<TcpClient> OpenPassiveAsync()
    {
        var port = await PassivePortAsync();
        var data = new TcpClient();
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        await data.ConnectAsync(Host, port, timeout.Token);
        return data;
    }

    /// <summary>PASV without connecting: the port the server listens on.</summary>
    public async Task<int> PassivePortAsync()
    {
        var reply = await ExpectCommandAsync("PASV", 227);
        var match = PasvAddress().Match(reply.Text);
        Assert.True(match.Success, $"no address in: {reply.Text}");
        return (int.Parse(match.Groups[5].Value, CultureInfo.InvariantCulture) * 256) + int.Parse(match.Groups[6].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Reads a data connection to its end.</summary>
    public static async Task<byte[]> ReadAllAsync(TcpClient data)
    {
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        using var content = new MemoryStream();
        await data.GetStream().CopyToAsync(content, timeout.Token);
        return content.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }

    /// <summary>A line without its CRLF, or null at the end of the stream.</summary>
    private async Task<string?> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        while (true)
        {
            var newline = _pending.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = Encoding.UTF8.GetString(_pending.GetRange(0, newline).ToArray()).TrimEnd('\r');
                _pending.RemoveRange(0, newline + 1);
                return line;
            }
            // An FTP reply line is short; 64 KiB without a newline is not FTP.
            Assert.True(_pending.Count < 65536, "a reply line without an end");
            int read;
            try
            {
                read = await _stream.ReadAsync(_buffer, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no complete reply line within {ReplyTimeout.TotalSeconds} s");
            }
            if (read == 0)
            {
                return _pending.Count == 0 ? null : throw new IOException("the connection ended inside a line");
            }
            _pending.AddRange(_buffer.AsSpan(0, read));
        }
    }

    [GeneratedRegex(@"\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)")]
    private static partial Regex PasvAddress();
}
