using System.Text.Json;

namespace Ferry.Bench;

/// <summary>
/// One measurement as one JSON object on one stdout line. Fields keep the order they were added in
/// so that the lines read well by eye, too. Diagnostics go to stderr, never here.
/// </summary>
public sealed class ResultLine
{
    private readonly List<KeyValuePair<string, object?>> _fields = [];

    public ResultLine(string metric, string label, string unit)
    {
        Add("metric", metric).Add("label", label).Add("unit", unit);
    }

    public ResultLine Add(string name, object? value)
    {
        _fields.Add(new(name, value));
        return this;
    }

    /// <summary>Rounded so that the lines stay readable; no figure here is precise to more than this.</summary>
    public ResultLine Add(string name, double value, int digits) => Add(name, Math.Round(value, digits));

    /// <summary>
    /// p50, p90, p99 and the maximum of <paramref name="sortedSeconds"/> (ascending, successful
    /// clients only) in milliseconds; null when no client succeeded.
    /// </summary>
    public ResultLine AddLatencies(IReadOnlyList<double> sortedSeconds)
    {
        double? Ms(double percent) => sortedSeconds.Count == 0 ? null : Math.Round(Percentile.Of(sortedSeconds, percent) * 1000, 1);
        return Add("p50_ms", Ms(50)).Add("p90_ms", Ms(90)).Add("p99_ms", Ms(99)).Add("max_ms", Ms(100));
    }

    public void WriteTo(Stream output)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in _fields)
            {
                json.WritePropertyName(name);
                WriteValue(json, value);
            }

            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        output.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
        output.Flush();
    }

    public void WriteToStdout()
    {
        using var stdout = Console.OpenStandardOutput();
        WriteTo(stdout);
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case string text:
                json.WriteStringValue(text);
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case int number:
                json.WriteNumberValue(number);
                break;
            case long number:
                json.WriteNumberValue(number);
                break;
            case double number when double.IsFinite(number):
                json.WriteNumberValue(number);
                break;
            case double:
                json.WriteNullValue();
                break;
            case IEnumerable<string> texts:
                json.WriteStartArray();
                foreach (var text in texts)
                {
                    json.WriteStringValue(text);
                }

                json.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"no JSON form for {value.GetType().Name}", nameof(value));
        }
    }
}
