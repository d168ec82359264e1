using System.Diagnostics;

namespace Ferry.Bench;

/// <summary>
/// Memory per idle logged-on session: the server's process-tree PSS before, then with N sessions
/// open and settled, divided by N.
/// </summary>
public sealed class IdleMetric(IdleMetric.Options options)
{
    public sealed record Options(FtpTarget Target, int Sessions, int ServerPid, int ConnectConcurrency, TimeSpan Hold, TimeSpan Timeout);

    public static async Task<int> RunAsync(BenchArguments args)
    {
        var target = FtpTarget.FromArguments(args);
        var options = new Options(
            target,
            args.Int("sessions", 500, 1, 100_000),
            args.Int("server-pid", 0, 1, int.MaxValue),
            args.Int("connect-concurrency", 200, 1, 10_000),
            TimeSpan.FromSeconds(args.Seconds("hold", 0, 0, 3600)),
            TimeSpan.FromSeconds(args.Seconds("timeout", 300, 1, 7200)));
        args.RejectUnknown();
        if (options.ServerPid == 0)
        {
            throw new UsageException("--server-pid is required (the listening server process; its children are included)");
        }

        if (!File.Exists($"/proc/{options.ServerPid}/smaps_rollup"))
        {
            throw new UsageException($"--server-pid {options.ServerPid}: no readable /proc/{options.ServerPid}/smaps_rollup (not running, or not this host)");
        }

        (await new IdleMetric(options).MeasureAsync().ConfigureAwait(false)).WriteToStdout();
        return 0;
    }

    public async Task<ResultLine> MeasureAsync()
    {
        using var deadline = new CancellationTokenSource(options.Timeout);
        var cancel = deadline.Token;
        var before = await ProcessTreeMemory.SteadyAsync(options.ServerPid, cancel).ConfigureAwait(false);

        var clients = new FtpClient?[options.Sessions];
        var failures = new FailureLog();
        using var stopOpening = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var gate = new SemaphoreSlim(options.ConnectConcurrency);
        var opening = Stopwatch.GetTimestamp();
        var opens = new Task[options.Sessions];
        for (var i = 0; i < options.Sessions; i++)
        {
            opens[i] = OpenAsync(i, clients, failures, gate, stopOpening);
        }

        await Task.WhenAll(opens).ConfigureAwait(false);
        var openSeconds = Stopwatch.GetElapsedTime(opening).TotalSeconds;
        var open = clients.Count(c => c is not null);
        Console.Error.WriteLine($"idle {options.Target.Label}: {open} of {options.Sessions} sessions logged on in {openSeconds:0.0} s");

        ProcessTreeMemory.Sample after = default;
        try
        {
            after = await ProcessTreeMemory.SteadyAsync(options.ServerPid, cancel).ConfigureAwait(false);
            if (options.Hold > TimeSpan.Zero)
            {
                await Task.Delay(options.Hold, cancel).ConfigureAwait(false);
            }
        }
        finally
        {
            await CloseAllAsync(clients).ConfigureAwait(false);
        }

        failures.PrintTo(Console.Error, $"idle {options.Target.Label}");
        double? PerSession(long delta) => open == 0 ? null : Math.Round((double)delta / open, 1);
        return new ResultLine("idle", options.Target.Label, "KiB/session")
            .Add("value", PerSession(after.PssKiB - before.PssKiB))
            .Add("count", options.Sessions)
            .Add("failures", failures.Count)
            .Add("completed", open)
            .Add("rss_kib_per_session", PerSession(after.RssKiB - before.RssKiB))
            .Add("pss_before_kib", before.PssKiB)
            .Add("pss_after_kib", after.PssKiB)
            .Add("rss_before_kib", before.RssKiB)
            .Add("rss_after_kib", after.RssKiB)
            .Add("procs_before", before.Processes)
            .Add("procs_after", after.Processes)
            .Add("open_seconds", openSeconds, 2)
            .Add("emfile", failures.SawFileLimit)
            .Add("tls", options.Target.Tls)
            .Add("server_pid", options.ServerPid)
            .Add("port", options.Target.Endpoint.Port)
            .Add("errors", failures.Top(5));
    }

    private async Task OpenAsync(int index, FtpClient?[] clients, FailureLog failures, SemaphoreSlim gate, CancellationTokenSource stopOpening)
    {
        FtpClient? client = null;
        try
        {
            await gate.WaitAsync(stopOpening.Token).ConfigureAwait(false);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopOpening.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                client = await FtpClient.ConnectAsync(options.Target, TimeSpan.FromSeconds(10), timeout.Token).ConfigureAwait(false);
                await client.LoginAsync(timeout.Token).ConfigureAwait(false);
                clients[index] = client;
            }
            finally
            {
                gate.Release();
            }
        }
        catch (OperationCanceledException) when (failures.SawFileLimit && stopOpening.IsCancellationRequested)
        {
            client?.Dispose();
            failures.Add("not attempted: the driver had run out of file descriptors (EMFILE)");
        }
        catch (Exception e)
        {
            client?.Dispose();
            failures.Add(e, client?.Stage ?? "connect");
            if (FailureLog.IsFileLimit(e))
            {
                // Every further socket would fail the same way; the report says why.
                await stopOpening.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task CloseAllAsync(FtpClient?[] clients)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var quits = clients.Where(c => c is not null).Select(c => c!.QuitAsync(TimeSpan.FromSeconds(5), limit.Token));
        await Task.WhenAll(quits).ConfigureAwait(false);
        foreach (var client in clients)
        {
            client?.Dispose();
        }
    }
}
