using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Ferry.Bench;

/// <summary>
/// Counts failures by reason (thread-safe) so that 2,000 identical timeouts print as one line with a
/// count, and the first reasons can go into the JSON line too.
/// </summary>
public sealed class FailureLog
{
    private readonly ConcurrentDictionary<string, int> _reasons = new(StringComparer.Ordinal);
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>The driver's own open-file limit ran out (EMFILE): the figure would measure the client.</summary>
    public bool SawFileLimit { get; private set; }

    public void Add(Exception error, string stage)
    {
        Interlocked.Increment(ref _count);
        if (IsFileLimit(error))
        {
            SawFileLimit = true;
        }

        _reasons.AddOrUpdate(Describe(error, stage), 1, static (_, n) => n + 1);
    }

    /// <summary>A failure with a reason of the caller's own (not from an exception).</summary>
    public void Add(string reason)
    {
        Interlocked.Increment(ref _count);
        _reasons.AddOrUpdate(reason, 1, static (_, n) => n + 1);
    }

    public static bool IsFileLimit(Exception error) =>
        error is SocketException { SocketErrorCode: SocketError.TooManyOpenSockets }
        || (error is SocketException socket && socket.ErrorCode == 24)
        || error.InnerException is { } inner && IsFileLimit(inner);

    public static string Describe(Exception error, string stage) => error switch
    {
        TimeoutException => error.Message,
        OperationCanceledException => $"timed out at {stage}",
        FtpProtocolException or HttpResponseException => $"at {stage}: {error.Message}",
        _ => $"{error.GetType().Name} at {stage}: {error.Message}",
    };

    /// <summary>The most frequent reasons, "count x reason".</summary>
    public string[] Top(int count) =>
        _reasons.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Take(count)
            .Select(r => $"{r.Value} x {r.Key}").ToArray();

    public void PrintTo(TextWriter error, string what)
    {
        if (Count == 0)
        {
            return;
        }

        error.WriteLine($"{what}: {Count} failure(s); most frequent reasons:");
        foreach (var line in Top(5))
        {
            error.WriteLine("  " + line);
        }

        if (SawFileLimit)
        {
            error.WriteLine($"  EMFILE: this driver ran out of file descriptors (limit {FileLimit.Describe()}); raise 'ulimit -n' before running");
        }
    }
}
