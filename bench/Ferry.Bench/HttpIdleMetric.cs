using System.Diagnostics;

namespace Ferry.Bench;

/// <summary>
/// Memory per idle keep-alive HTTP connection: the server's process-tree PSS before, then with N
/// connections open, each having made one authenticated GET (checked) and left idle, divided by N.
/// Like <see cref="IdleMetric"/> for FTP sessions: the logon (here Basic, per request) has happened,
/// so whatever the server keeps per authenticated connection is counted.
/// </summary>
public sealed class HttpIdleMetric(HttpIdleMetric.Options options)
{
    public sealed record Options(HttpTarget Target, int Connections, int ServerPid, string Path, long Size, int ConnectConcurrency, TimeSpan Hold, TimeSpan Timeout);

    /// <summary>A connect plus one small GET takes milliseconds; one stuck longer than this is a failure.</summary>
    private static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(BenchArguments args)
    {
        var options = new Options(
            HttpTarget.FromArguments(args),
            args.Int("connections", 1000, 1, 100_000),
            args.Int("server-pid", 0, 1, int.MaxValue),
            args.String("path", "/small/f00000"),
            args.Long("size", 4096, 0, long.MaxValue),
            args.Int("connect-concurrency", 200, 1, 10_000),
            TimeSpan.FromSeconds(args.Seconds("hold", 0, 0, 3600)),
            TimeSpan.FromSeconds(args.Seconds("timeout", 240, 1, 7200)));
        args.RejectUnknown();
        if (options.ServerPid == 0)
        {
            throw new UsageException("--server-pid is required (the listening server process; its children are included)");
        }

        if (!File.Exists($"/proc/{options.ServerPid}/smaps_rollup"))
        {
            throw new UsageException($"--server-pid {options.ServerPid}: no readable /proc/{options.ServerPid}/smaps_rollup (not running, or not this host)");
        }

        (await new HttpIdleMetric(options).MeasureAsync().ConfigureAwait(false)).WriteToStdout();
        return 0;
    }

    public async Task<ResultLine> MeasureAsync()
    {
        using var deadline = new CancellationTokenSource(options.Timeout);
        var cancel = deadline.Token;
        var before = await ProcessTreeMemory.SteadyAsync(options.ServerPid, cancel).ConfigureAwait(false);

        var connections = new HttpConnection?[options.Connections];
        var failures = new FailureLog();
        using var gate = new SemaphoreSlim(options.ConnectConcurrency);
        var opening = Stopwatch.GetTimestamp();
        var opens = new Task[options.Connections];
        for (var i = 0; i < options.Connections; i++)
        {
            opens[i] = OpenAsync(i, connections, failures, gate, cancel);
        }

        await Task.WhenAll(opens).ConfigureAwait(false);
        var openSeconds = Stopwatch.GetElapsedTime(opening).TotalSeconds;
        var open = connections.Count(c => c is not null);
        Console.Error.WriteLine($"http-idle {options.Target.Label}: {open} of {options.Connections} connections open in {openSeconds:0.0} s");

        ProcessTreeMemory.Sample after;
        int? closedByServer = null;
        try
        {
            after = await ProcessTreeMemory.SteadyAsync(options.ServerPid, cancel).ConfigureAwait(false);
            if (options.Hold > TimeSpan.Zero)
            {
                // Kept open past the sample, for a heap dump or a look at the server by hand.
                await Task.Delay(options.Hold, cancel).ConfigureAwait(false);
            }

            if (!options.Target.Tls)
            {
                // A server that dropped idle connections before the sample would look cheap: count them.
                closedByServer = connections.Count(c => c is not null && c.ClosedByPeer());
            }
        }
        finally
        {
            foreach (var connection in connections)
            {
                connection?.Dispose();
            }
        }

        for (var closed = 0; closed < closedByServer; closed++)
        {
            failures.Add("closed by the server before the memory sample");
        }

        failures.PrintTo(Console.Error, $"http-idle {options.Target.Label}");
        double? PerConnection(long delta) => open == 0 ? null : Math.Round((double)delta / open, 1);
        return new ResultLine("http-idle", options.Target.Label, "KiB/connection")
            .Add("value", PerConnection(after.PssKiB - before.PssKiB))
            .Add("count", options.Connections)
            .Add("failures", failures.Count)
            .Add("completed", open)
            .Add("closed_by_server", closedByServer)
            .Add("rss_kib_per_connection", PerConnection(after.RssKiB - before.RssKiB))
            .Add("pss_before_kib", before.PssKiB)
            .Add("pss_after_kib", after.PssKiB)
            .Add("procs_before", before.Processes)
            .Add("procs_after", after.Processes)
            .Add("open_seconds", openSeconds, 2)
            .Add("emfile", failures.SawFileLimit)
            .Add("tls", options.Target.Tls)
            .Add("server_pid", options.ServerPid)
            .Add("port", options.Target.Endpoint.Port)
            .Add("errors", failures.Top(5));
    }

    private async Task OpenAsync(int index, HttpConnection?[] connections, FailureLog failures, SemaphoreSlim gate, CancellationToken cancel)
    {
        HttpConnection? connection = null;
        try
        {
            await gate.WaitAsync(cancel).ConfigureAwait(false);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                timeout.CancelAfter(OpenTimeout);
                connection = await HttpConnection.OpenAsync(options.Target, timeout.Token).ConfigureAwait(false);
                var response = await connection.GetAsync(options.Path, timeout.Token).ConfigureAwait(false);
                HttpCrowdMetric.CheckSmallGet(response, options.Size, last: false);
                connections[index] = connection;
            }
            finally
            {
                gate.Release();
            }
        }
        catch (Exception e)
        {
            connection?.Dispose();
            failures.Add(e, connection?.Stage ?? "connect");
        }
    }
}
