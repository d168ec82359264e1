using System.Diagnostics;

namespace Ferry.Bench;

/// <summary>
/// One big directory listing (PASV + LIST, NLST or MLSD + read to EOF + 226), timed after logon. The
/// line count is reported so that a server that truncates long listings cannot look fast.
/// </summary>
public sealed class ListMetric(FtpTarget target, string directory, string verb = "LIST")
{
    /// <summary>The listing commands the metric can time: ls -l lines, names, RFC 3659 facts.</summary>
    private static readonly string[] Verbs = ["LIST", "NLST", "MLSD"];

    private const int BufferBytes = 64 * 1024;

    public static async Task<int> RunAsync(BenchArguments args)
    {
        var target = FtpTarget.FromArguments(args);
        var verb = args.String("verb", "LIST").ToUpperInvariant();
        if (!Verbs.Contains(verb))
        {
            throw new UsageException($"--verb must be one of {string.Join(", ", Verbs)}");
        }

        var metric = new ListMetric(target, args.String("dir", "dir20k"), verb);
        var timeout = TimeSpan.FromSeconds(args.Seconds("timeout", 120, 1, 3600));
        var reps = args.Int("reps", 1, 1, 100);
        args.RejectUnknown();
        using var deadline = new CancellationTokenSource(timeout);
        using var client = await FtpClient.ConnectAsync(target, TimeSpan.FromSeconds(10), deadline.Token).ConfigureAwait(false);
        await client.LoginAsync(deadline.Token).ConfigureAwait(false);
        for (var rep = 1; rep <= reps; rep++)
        {
            (await metric.MeasureAsync(client, deadline.Token).ConfigureAwait(false)).Add("rep", rep).WriteToStdout();
        }

        await client.QuitAsync(TimeSpan.FromSeconds(2), deadline.Token).ConfigureAwait(false);
        return 0;
    }

    public async Task<ResultLine> MeasureAsync(FtpClient client, CancellationToken cancel)
    {
        var buffer = new byte[BufferBytes];
        var start = Stopwatch.GetTimestamp();
        var result = await client.TransferAsync(verb + " " + directory, buffer, true, cancel).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new ResultLine("list", target.Label, "s")
            .Add("value", seconds, 4)
            .Add("count", 1)
            .Add("failures", 0)
            .Add("lines", result.Lines)
            .Add("bytes", result.Bytes)
            .Add("dir", directory)
            .Add("verb", verb)
            .Add("tls", target.Tls)
            .Add("port", target.Endpoint.Port);
    }
}
