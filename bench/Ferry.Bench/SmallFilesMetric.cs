using System.Diagnostics;
using System.Net.Sockets;

namespace Ferry.Bench;

/// <summary>
/// Many small RETRs over one control connection, one passive data connection each: measures the
/// server's per-transfer overhead. Logon is outside the timed part.
/// </summary>
public sealed class SmallFilesMetric(FtpTarget target, string directory, int count, long expectedSize, TimeSpan timeout)
{
    /// <summary>Bigger than any small file, so that a file arrives in one or two reads.</summary>
    private const int BufferBytes = 64 * 1024;

    public static async Task<int> RunAsync(BenchArguments args)
    {
        var target = FtpTarget.FromArguments(args);
        var metric = new SmallFilesMetric(
            target,
            args.String("dir", "small"),
            args.Int("count", 2000, 1, 100_000),
            args.Long("size", 4096, 0, long.MaxValue),
            TimeSpan.FromSeconds(args.Seconds("timeout", 300, 1, 3600)));
        var reps = args.Int("reps", 1, 1, 100);
        args.RejectUnknown();
        for (var rep = 1; rep <= reps; rep++)
        {
            // Plain runs stay on this one thread with blocking calls (the cheapest client path, so that
            // the server is what is measured); TLS needs SslStream and stays on the async client.
            var line = target.Tls ? await metric.MeasureAsync().ConfigureAwait(false) : metric.Measure();
            line.Add("rep", rep).WriteToStdout();
        }

        return 0;
    }

    /// <summary>The plain (no TLS) measurement with <see cref="BlockingFtpClient"/>.</summary>
    public ResultLine Measure()
    {
        var buffer = new byte[BufferBytes];
        var path = new FilePaths(directory);
        var failures = new FailureLog();
        var done = 0;
        long bytes = 0;
        double seconds = 0;
        double cpu = 0;
        string? aborted = null;
        BlockingFtpClient? client = null;
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        try
        {
            client = BlockingFtpClient.Connect(target, timeout);
            client.Login();
            client.Expect("TYPE I", 2);

            var start = Stopwatch.GetTimestamp();
            var clientCpu = ClientCpu.Start();
            for (; done < count; done++)
            {
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    throw new TimeoutException($"timed out after {timeout.TotalSeconds:0} s with {done} of {count} files");
                }

                try
                {
                    bytes += Checked(client.Retrieve(path.Of(done), buffer, deadline), failures);
                }
                catch (Exception e) when (LeavesSessionUsable(e, client.Stage))
                {
                    failures.Add(e, client.Stage);
                }
            }

            seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            cpu = clientCpu.Seconds;
            client.Quit();
        }
        catch (Exception e) when (e is IOException or SocketException or TimeoutException or FtpProtocolException)
        {
            aborted = Abort(e, client?.Stage ?? "connect", done, failures);
        }
        finally
        {
            client?.Dispose();
        }

        return Result(failures, seconds, cpu, bytes, aborted);
    }

    public async Task<ResultLine> MeasureAsync()
    {
        using var deadline = new CancellationTokenSource(timeout);
        var cancel = deadline.Token;
        var buffer = new byte[BufferBytes];
        var failures = new FailureLog();
        var done = 0;
        long bytes = 0;
        double seconds = 0;
        double cpu = 0;
        string? aborted = null;
        FtpClient? client = null;
        try
        {
            client = await FtpClient.ConnectAsync(target, TimeSpan.FromSeconds(10), cancel).ConfigureAwait(false);
            await client.LoginAsync(cancel).ConfigureAwait(false);
            await client.ExpectAsync("TYPE I", 2, cancel).ConfigureAwait(false);

            var start = Stopwatch.GetTimestamp();
            var clientCpu = ClientCpu.Start();
            for (; done < count; done++)
            {
                try
                {
                    var result = await client.TransferAsync($"RETR {directory}/f{done:D5}", buffer, false, cancel).ConfigureAwait(false);
                    bytes += Checked(result.Bytes, failures);
                }
                catch (Exception e) when (LeavesSessionUsable(e, client.Stage))
                {
                    failures.Add(e, client.Stage);
                }
            }

            seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            cpu = clientCpu.Seconds;
            await client.QuitAsync(TimeSpan.FromSeconds(2), cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or TimeoutException or FtpProtocolException)
        {
            aborted = Abort(e, client?.Stage ?? "connect", done, failures);
        }
        finally
        {
            client?.Dispose();
        }

        return Result(failures, seconds, cpu, bytes, aborted);
    }

    private ResultLine Result(FailureLog failures, double seconds, double cpu, long bytes, string? aborted)
    {
        failures.PrintTo(Console.Error, $"small {target.Label}");
        var completed = count - failures.Count;
        return new ResultLine("small", target.Label, "files/s")
            .Add("value", seconds > 0 && aborted is null ? Math.Round(completed / seconds, 1) : null)
            .Add("count", count)
            .Add("failures", failures.Count)
            .Add("completed", completed)
            .Add("seconds", seconds, 3)
            .Add("client_cpu_s", cpu, 3)
            .Add("bytes", bytes)
            .Add("dir", directory)
            .Add("passive", target.Epsv ? "EPSV" : "PASV")
            .Add("tls", target.Tls)
            .Add("port", target.Endpoint.Port)
            .Add("error", aborted)
            .Add("errors", failures.Top(3));
    }

    /// <summary>"DIR/f00000".. as bytes in one reused buffer: only the five digits change per file.</summary>
    private sealed class FilePaths
    {
        private const int Digits = 5;
        private readonly byte[] _path;
        private readonly int _digitsAt;

        public FilePaths(string directory)
        {
            var prefix = System.Text.Encoding.Latin1.GetBytes(directory + "/f");
            _path = new byte[prefix.Length + Digits];
            prefix.CopyTo(_path, 0);
            _digitsAt = prefix.Length;
        }

        /// <summary>The path of file <paramref name="index"/> (below 100,000, as --count allows), valid until the next call.</summary>
        public ReadOnlySpan<byte> Of(int index)
        {
            for (var i = _path.Length - 1; i >= _digitsAt; i--)
            {
                _path[i] = (byte)('0' + (index % 10));
                index /= 10;
            }

            return _path;
        }
    }

    /// <summary>The control connection is gone or the run timed out: the files not fetched are failures.</summary>
    private string Abort(Exception e, string stage, int done, FailureLog failures)
    {
        for (var i = done; i < count; i++)
        {
            failures.Add(e, stage);
        }

        return FailureLog.Describe(e, stage);
    }

    /// <summary>
    /// Failures after which the control connection is still in step, so the run goes on: a refused
    /// file (an FTP error reply), or a passive port that refused the data connection.
    /// </summary>
    private static bool LeavesSessionUsable(Exception e, string stage) =>
        e is FtpProtocolException { InSync: true } || (e is SocketException && stage == "data connect");

    /// <summary>Counts a file of the wrong size as a failure; returns the bytes received.</summary>
    private long Checked(long received, FailureLog failures)
    {
        if (received != expectedSize)
        {
            failures.Add(new FtpProtocolException($"got {received} bytes, expected {expectedSize}", true), "RETR");
        }

        return received;
    }
}
