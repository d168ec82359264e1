using System.Diagnostics.Metrics;

namespace Ferry.Core.Diagnostics;

/// <summary>
/// Ferry's instruments on one <see cref="Meter"/> named <see cref="MeterName"/>, with the same names
/// and tags for every protocol (the "protocol" tag tells them apart). The host makes one per process
/// and exports it; nothing here knows about Prometheus. Instruments cost almost nothing while no
/// listener is attached, so tests and tools that never export can still record.
/// </summary>
public sealed class FerryMetrics : IDisposable
{
    public const string MeterName = "Ferry";

    private readonly Meter _meter;
    private readonly Counter<long> _logons;
    private readonly Counter<long> _bytesSent;
    private readonly Counter<long> _bytesReceived;
    private readonly Counter<long> _transfers;
    private readonly Histogram<double> _transferDuration;

    public FerryMetrics()
        : this(new Meter(MeterName))
    {
    }

    /// <param name="meter">Named <see cref="MeterName"/> (from an IMeterFactory, say); disposed with this object.</param>
    public FerryMetrics(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _meter = meter;
        _logons = meter.CreateCounter<long>("ferry.logons", description: "Logon attempts by protocol and result (ok, failed, banned, refused).");
        _bytesSent = meter.CreateCounter<long>("ferry.bytes_sent", description: "File bytes sent to clients (downloads).");
        _bytesReceived = meter.CreateCounter<long>("ferry.bytes_received", description: "File bytes received from clients (uploads).");
        _transfers = meter.CreateCounter<long>("ferry.transfers", description: "Finished file transfers by protocol, direction and result (ok, aborted, failed).");
        _transferDuration = meter.CreateHistogram<double>("ferry.transfer_duration", unit: "s", description: "How long file transfers took, by protocol and direction.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800, 3600] });
    }

    public Meter Meter => _meter;

    public void Logon(string protocol, string result) =>
        _logons.Add(1, new("protocol", protocol), new("result", result));

    public void Moved(string protocol, TransferDirection direction, long bytes)
    {
        if (bytes > 0)
        {
            (direction == TransferDirection.Download ? _bytesSent : _bytesReceived).Add(bytes, new KeyValuePair<string, object?>("protocol", protocol));
        }
    }

    public void TransferEnded(string protocol, TransferDirection direction, TransferResult result, TimeSpan duration)
    {
        var directionName = direction == TransferDirection.Download ? "download" : "upload";
        _transfers.Add(1, new("protocol", protocol), new("direction", directionName), new("result", ResultName(result)));
        _transferDuration.Record(duration.TotalSeconds, new("protocol", protocol), new("direction", directionName));
    }

    /// <summary>
    /// The result tag, from constants: every WebDAV GET ends a transfer, and an enum's ToString and
    /// lower-casing made two strings per request even while nothing listened.
    /// </summary>
    internal static string ResultName(TransferResult result) => result switch
    {
        TransferResult.Ok => "ok",
        TransferResult.Aborted => "aborted",
        TransferResult.Failed => "failed",
        _ => result.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// A gauge read when the metrics are collected (sessions by protocol, bans, passive ports), so the
    /// value is always the live one and nothing has to be kept in step.
    /// </summary>
    public void Observe(string name, string description, Func<IEnumerable<Measurement<long>>> observe) =>
        _meter.CreateObservableGauge(name, observe, description: description);

    public void Dispose() => _meter.Dispose();
}
