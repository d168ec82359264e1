using System.Diagnostics;

namespace Ferry.Bench;

/// <summary>
/// CPU seconds this driver spent during a measurement (user + system). Next to the wall time it
/// shows whether the client or the server was the bottleneck.
/// </summary>
public readonly struct ClientCpu
{
    private readonly TimeSpan _start;

    private ClientCpu(TimeSpan start) => _start = start;

    public static ClientCpu Start() => new(Now());

    public double Seconds => (Now() - _start).TotalSeconds;

    private static TimeSpan Now()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
