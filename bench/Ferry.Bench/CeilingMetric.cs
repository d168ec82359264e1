using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Ferry.Bench;

/// <summary>
/// What this machine can do at all, measured in-process: loopback TCP from memory, loopback TCP
/// with sendfile from the page cache, and AES-128-GCM on one core (the cost of TLS records).
/// A server's MB/s is read against these.
/// </summary>
public sealed class CeilingMetric(long bytes, string? file, TimeSpan aesDuration, TimeSpan timeout)
{
    private const int ChunkBytes = 1024 * 1024;

    /// <summary>TLS 1.2/1.3 records carry at most 16 KiB of plaintext.</summary>
    private const int AesRecordBytes = 16 * 1024;

    public static async Task<int> RunAsync(BenchArguments args)
    {
        var file = args.OptionalString("file");
        var metric = new CeilingMetric(
            args.Long("bytes", 1L << 30, ChunkBytes, 1L << 40),
            file,
            TimeSpan.FromSeconds(args.Seconds("aes-seconds", 2, 0.1, 60)),
            TimeSpan.FromSeconds(args.Seconds("timeout", 150, 1, 3600)));
        var modes = args.String("modes", file is null ? "plain,aes" : "plain,sendfile,aes").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var reps = args.Int("reps", 1, 1, 100);
        var label = args.String("label", "");
        args.RejectUnknown();
        foreach (var mode in modes)
        {
            if (mode is not ("plain" or "sendfile" or "aes"))
            {
                throw new UsageException($"--modes: unknown mode '{mode}' (plain, sendfile, aes)");
            }
        }

        if (modes.Contains("sendfile") && file is null)
        {
            throw new UsageException("the sendfile ceiling needs --file PATH (a 1 GiB file), or leave it out with --modes plain,aes");
        }

        foreach (var mode in modes)
        {
            for (var rep = 1; rep <= reps; rep++)
            {
                var line = mode switch
                {
                    "plain" => await metric.PlainAsync(label).ConfigureAwait(false),
                    "sendfile" => await metric.SendFileAsync(label).ConfigureAwait(false),
                    _ => metric.Aes(label),
                };
                line.Add("rep", rep).WriteToStdout();
            }
        }

        return 0;
    }

    public async Task<ResultLine> PlainAsync(string label)
    {
        var chunk = new byte[ChunkBytes];
        RandomNumberGenerator.Fill(chunk);
        var (seconds, received) = await TransferAsync(async (sender, cancel) =>
        {
            // Bounded: bytes / ChunkBytes sends, each bounded by the timeout.
            for (var left = bytes; left > 0;)
            {
                var sent = await sender.SendAsync(chunk.AsMemory(0, (int)Math.Min(left, ChunkBytes)), SocketFlags.None, cancel).ConfigureAwait(false);
                left -= sent;
            }
        }).ConfigureAwait(false);
        return MegabytesLine("ceiling_plain", label, received, seconds);
    }

    public async Task<ResultLine> SendFileAsync(string label)
    {
        var path = file!;
        var length = new FileInfo(path).Length;
        WarmPageCache(path);
        var (seconds, received) = await TransferAsync(
            (sender, cancel) => sender.SendFileAsync(path, cancel).AsTask()).ConfigureAwait(false);
        var line = MegabytesLine("ceiling_sendfile", label, received, seconds).Add("file", path);
        return received == length ? line : line.Add("error", $"received {received} of {length} bytes");
    }

    public ResultLine Aes(string label)
    {
        var key = new byte[16];
        RandomNumberGenerator.Fill(key);
        using var aes = new AesGcm(key, tagSizeInBytes: 16);
        var plain = new byte[AesRecordBytes];
        var cipher = new byte[AesRecordBytes];
        var tag = new byte[16];
        var nonce = new byte[12];
        long records = 0;
        var start = Stopwatch.GetTimestamp();
        // Bounded by the duration; the clock is read every 64 records to keep it out of the figure.
        while (Stopwatch.GetElapsedTime(start) < aesDuration)
        {
            for (var i = 0; i < 64; i++)
            {
                // A unique nonce per record, as TLS derives from its sequence number.
                BitConverter.TryWriteBytes(nonce.AsSpan(4), ++records);
                aes.Encrypt(nonce, plain, cipher, tag);
            }
        }

        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return MegabytesLine("ceiling_aes128gcm", label, records * AesRecordBytes, seconds).Add("record_bytes", AesRecordBytes);
    }

    private async Task<(double Seconds, long Received)> TransferAsync(Func<Socket, CancellationToken, Task> send)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var cancel = deadline.Token;
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accepting = listener.AcceptAsync(cancel).AsTask();
        await sender.ConnectAsync(listener.LocalEndPoint!, cancel).ConfigureAwait(false);
        using var receiver = await accepting.ConfigureAwait(false);

        var start = Stopwatch.GetTimestamp();
        var sending = Task.Run(async () =>
        {
            await send(sender, cancel).ConfigureAwait(false);
            sender.Shutdown(SocketShutdown.Send);
        }, cancel);
        var buffer = new byte[ChunkBytes];
        long received = 0;
        while (true)
        {
            var read = await receiver.ReceiveAsync(buffer, SocketFlags.None, cancel).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            received += read;
        }

        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        await sending.ConfigureAwait(false);
        return (seconds, received);
    }

    private static void WarmPageCache(string path)
    {
        // sendfile's ceiling is from the page cache; a cold first read would measure the disk.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[ChunkBytes];
        while (stream.Read(buffer) > 0)
        {
        }
    }

    private static ResultLine MegabytesLine(string metric, string label, long bytes, double seconds) =>
        new ResultLine(metric, label, "MB/s (1e6 B/s)")
            .Add("value", bytes / 1e6 / seconds, 1)
            .Add("bytes", bytes)
            .Add("seconds", seconds, 3);
}
