using Ferry.Ftp;

namespace Ferry.Serving;

/// <summary>
/// The one timer behind every session's login and idle timeout: a timer per session would cost
/// memory and wake-ups for thousands of idle sessions.
/// </summary>
public sealed class SessionMonitor(FtpServerContext server) : BackgroundService
{
    /// <summary>Timeouts are in seconds to minutes; a one-second scan is exact enough and cheap.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, server.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                server.Sessions.CloseExpired(server.Time.GetUtcNow(), server.Options);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
