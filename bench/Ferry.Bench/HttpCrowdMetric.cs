using System.Diagnostics;
using System.Globalization;

namespace Ferry.Bench;

/// <summary>
/// N HTTP clients started together, each: connect, a few authenticated GETs of small files on that
/// one keep-alive connection (each checked: 200 and the file's size), close. How a server copes with
/// a burst: p50/p99 of the clients' times from connect to the last byte, and every failure counted.
/// </summary>
public sealed class HttpCrowdMetric(HttpCrowdMetric.Options options)
{
    /// <param name="Directory">Files named f00000, f00001, ... of <paramref name="Size"/> bytes.</param>
    public sealed record Options(
        HttpTarget Target,
        int Clients,
        int GetsPerClient,
        string Directory,
        int Files,
        long Size,
        TimeSpan ClientTimeout,
        TimeSpan Timeout);

    public static async Task<int> RunAsync(BenchArguments args)
    {
        var options = new Options(
            HttpTarget.FromArguments(args),
            args.Int("clients", 200, 1, 100_000),
            args.Int("gets", 5, 1, 10_000),
            args.String("dir", "small"),
            args.Int("files", 2000, 1, 100_000),
            args.Long("size", 4096, 0, long.MaxValue),
            TimeSpan.FromSeconds(args.Seconds("client-timeout", 30, 0.1, 3600)),
            TimeSpan.FromSeconds(args.Seconds("timeout", 90, 1, 3600)));
        var reps = args.Int("reps", 1, 1, 100);
        args.RejectUnknown();
        var metric = new HttpCrowdMetric(options);
        for (var rep = 1; rep <= reps; rep++)
        {
            (await metric.MeasureAsync().ConfigureAwait(false)).Add("rep", rep).WriteToStdout();
        }

        return 0;
    }

    /// <summary>The file client <paramref name="client"/> asks for in its <paramref name="get"/>-th request:
    /// consecutive clients read different files, so no server answers all from one cached entry.</summary>
    public static string PathFor(string directory, int files, int client, int get, int getsPerClient) =>
        "/" + directory.Trim('/') + "/f" + ((((long)client * getsPerClient) + get) % files).ToString("D5", CultureInfo.InvariantCulture);

    public async Task<ResultLine> MeasureAsync()
    {
        using var deadline = new CancellationTokenSource(options.Timeout);
        var latencies = new double[options.Clients];
        var failures = new FailureLog();
        var clients = new Task[options.Clients];
        var start = Stopwatch.GetTimestamp();
        var clientCpu = ClientCpu.Start();
        for (var i = 0; i < options.Clients; i++)
        {
            clients[i] = RunClientAsync(i, latencies, failures, deadline.Token);
        }

        await Task.WhenAll(clients).ConfigureAwait(false);
        var total = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var cpu = clientCpu.Seconds;

        var ok = latencies.Where(l => l > 0).Order().ToArray();
        failures.PrintTo(Console.Error, $"http-crowd {options.Target.Label}");
        return new ResultLine("http-crowd", options.Target.Label, "s")
            .Add("value", total, 3)
            .Add("count", options.Clients)
            .Add("gets_per_client", options.GetsPerClient)
            .Add("failures", failures.Count)
            .Add("completed", ok.Length)
            .AddLatencies(ok)
            .Add("client_cpu_s", cpu, 3)
            .Add("timed_out", deadline.IsCancellationRequested)
            .Add("tls", options.Target.Tls)
            .Add("port", options.Target.Endpoint.Port)
            .Add("errors", failures.Top(5));
    }

    private async Task RunClientAsync(int index, double[] latencies, FailureLog failures, CancellationToken runCancel)
    {
        // Let the launching loop start every client before any of them connects.
        await Task.Yield();
        using var clientDeadline = CancellationTokenSource.CreateLinkedTokenSource(runCancel);
        clientDeadline.CancelAfter(options.ClientTimeout);
        var cancel = clientDeadline.Token;
        HttpConnection? connection = null;
        try
        {
            var start = Stopwatch.GetTimestamp();
            connection = await HttpConnection.OpenAsync(options.Target, cancel).ConfigureAwait(false);
            for (var get = 0; get < options.GetsPerClient; get++)
            {
                var path = PathFor(options.Directory, options.Files, index, get, options.GetsPerClient);
                var response = await connection.GetAsync(path, cancel).ConfigureAwait(false);
                CheckSmallGet(response, options.Size, last: get == options.GetsPerClient - 1);
            }

            latencies[index] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        catch (Exception e)
        {
            // Every failure is counted with its reason; none may end the run or pass silently.
            failures.Add(e, connection?.Stage ?? "connect");
        }
        finally
        {
            connection?.Dispose();
        }
    }

    /// <summary>A small GET is right when it is 200 with exactly the file's bytes, and, unless it was
    /// the client's last, leaves the connection open for the next.</summary>
    public static void CheckSmallGet(HttpResponse response, long size, bool last)
    {
        if (response.Status != 200)
        {
            throw new HttpResponseException($"status {response.Status}");
        }

        if (response.BodyBytes != size)
        {
            throw new HttpResponseException($"{response.BodyBytes} bytes, expected {size}");
        }

        if (!last && !response.KeepAlive)
        {
            throw new HttpResponseException("the server closed the keep-alive connection");
        }
    }
}
