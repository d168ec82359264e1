using System.Diagnostics;

namespace Ferry.Bench;

/// <summary>
/// N complete short sessions started together (logon, PWD, TYPE I, LIST, RETR, QUIT): how a server
/// copes with a burst. With a concurrency cap, at most that many connects wait for their greeting
/// at once, and a session's latency starts when it gets its turn (like the old conc_paced).
/// </summary>
public sealed class SessionsMetric(SessionsMetric.Options options)
{
    /// <param name="Concurrency">0 = every client connects at once.</param>
    public sealed record Options(
        FtpTarget Target,
        int Clients,
        int Concurrency,
        string ListDirectory,
        int MinListLines,
        string RetrFile,
        long RetrSize,
        TimeSpan GreetingTimeout,
        TimeSpan SessionTimeout,
        TimeSpan Timeout);

    private const int BufferBytes = 64 * 1024;

    public static async Task<int> RunAsync(BenchArguments args)
    {
        var target = FtpTarget.FromArguments(args);
        var options = new Options(
            target,
            args.Int("clients", 200, 1, 100_000),
            args.Int("concurrency", 0, 0, 100_000),
            args.String("list-dir", "dir100"),
            args.Int("list-lines", 100, 0, int.MaxValue),
            args.String("file", "f64k.bin"),
            args.Long("size", 65536, 0, long.MaxValue),
            TimeSpan.FromSeconds(args.Seconds("greeting-timeout", 10, 0.1, 600)),
            TimeSpan.FromSeconds(args.Seconds("session-timeout", 60, 0.1, 3600)),
            TimeSpan.FromSeconds(args.Seconds("timeout", 120, 1, 3600)));
        var reps = args.Int("reps", 1, 1, 100);
        args.RejectUnknown();
        var metric = new SessionsMetric(options);
        for (var rep = 1; rep <= reps; rep++)
        {
            (await metric.MeasureAsync().ConfigureAwait(false)).Add("rep", rep).WriteToStdout();
        }

        return 0;
    }

    public async Task<ResultLine> MeasureAsync()
    {
        using var deadline = new CancellationTokenSource(options.Timeout);
        using var gate = options.Concurrency > 0 ? new SemaphoreSlim(options.Concurrency) : null;
        var latencies = new double[options.Clients];
        var failures = new FailureLog();
        var sessions = new Task[options.Clients];

        var start = Stopwatch.GetTimestamp();
        var clientCpu = ClientCpu.Start();
        for (var i = 0; i < options.Clients; i++)
        {
            sessions[i] = RunSessionAsync(i, latencies, failures, gate, deadline.Token);
        }

        await Task.WhenAll(sessions).ConfigureAwait(false);
        var total = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var cpu = clientCpu.Seconds;

        var ok = latencies.Where(l => l > 0).Order().ToArray();
        failures.PrintTo(Console.Error, $"sessions {options.Target.Label}");
        return new ResultLine("sessions", options.Target.Label, "s")
            .Add("value", total, 3)
            .Add("count", options.Clients)
            .Add("failures", failures.Count)
            .Add("completed", ok.Length)
            .Add("concurrency", options.Concurrency)
            .AddLatencies(ok)
            .Add("client_cpu_s", cpu, 3)
            .Add("timed_out", deadline.IsCancellationRequested)
            .Add("tls", options.Target.Tls)
            .Add("port", options.Target.Endpoint.Port)
            .Add("errors", failures.Top(5));
    }

    private async Task RunSessionAsync(int index, double[] latencies, FailureLog failures, SemaphoreSlim? gate, CancellationToken runCancel)
    {
        // Let the launching loop start every session before any of them runs its first step.
        await Task.Yield();
        using var sessionDeadline = CancellationTokenSource.CreateLinkedTokenSource(runCancel);
        sessionDeadline.CancelAfter(options.SessionTimeout);
        var cancel = sessionDeadline.Token;
        FtpClient? client = null;
        var stage = "connect";
        try
        {
            long start;
            if (gate is null)
            {
                start = Stopwatch.GetTimestamp();
                client = await FtpClient.ConnectAsync(options.Target, options.GreetingTimeout, cancel).ConfigureAwait(false);
            }
            else
            {
                stage = "waiting for a connect slot";
                await gate.WaitAsync(cancel).ConfigureAwait(false);
                try
                {
                    stage = "connect";
                    start = Stopwatch.GetTimestamp();
                    client = await FtpClient.ConnectAsync(options.Target, options.GreetingTimeout, cancel).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            }

            var buffer = new byte[BufferBytes];
            await client.LoginAsync(cancel).ConfigureAwait(false);
            await client.ExpectAsync("PWD", 2, cancel).ConfigureAwait(false);
            await client.ExpectAsync("TYPE I", 2, cancel).ConfigureAwait(false);
            var list = await client.TransferAsync("LIST " + options.ListDirectory, buffer, true, cancel).ConfigureAwait(false);
            var retr = await client.TransferAsync("RETR " + options.RetrFile, buffer, false, cancel).ConfigureAwait(false);
            await client.ExpectAsync("QUIT", 2, cancel).ConfigureAwait(false);
            if (list.Lines < options.MinListLines || retr.Bytes != options.RetrSize)
            {
                throw new FtpProtocolException($"bad sizes: LIST {list.Lines} lines, RETR {retr.Bytes} bytes", true);
            }

            latencies[index] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        catch (Exception e)
        {
            // Every failure is counted with its reason; none may end the run or pass silently.
            failures.Add(e, client?.Stage ?? stage);
            client?.Abandon();
            client = null;
        }
        finally
        {
            client?.Dispose();
        }
    }
}
