using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Ferry.Testing;

/// <summary>
/// Records every measurement of one <see cref="Meter"/> instance (not every meter of the same name:
/// tests run side by side in one process), as instrument name, value and tags.
/// </summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Name, double Value, IReadOnlyDictionary<string, string?> Tags)> _measurements = new();

    public MetricRecorder(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Reads the observable gauges now.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    /// <summary>The sum of the measurements of <paramref name="name"/> whose tags include every one given.</summary>
    public double Sum(string name, params (string Key, string Value)[] tags) =>
        Matching(name, tags).Sum(m => m.Value);

    public int Count(string name, params (string Key, string Value)[] tags) => Matching(name, tags).Count();

    public double? Last(string name, params (string Key, string Value)[] tags) =>
        Matching(name, tags).Select(m => (double?)m.Value).LastOrDefault();

    private IEnumerable<(string Name, double Value, IReadOnlyDictionary<string, string?> Tags)> Matching(string name, (string Key, string Value)[] tags) =>
        _measurements.Where(m => m.Name == name && tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && v == t.Value));

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copied = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copied[tag.Key] = tag.Value?.ToString();
        }

        _measurements.Enqueue((instrument.Name, value, copied));
    }

    public void Dispose() => _listener.Dispose();
}
