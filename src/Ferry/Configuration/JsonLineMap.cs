using System.Text.Json;

namespace Ferry.Configuration;

/// <summary>
/// Where each configuration key stands in a JSON file (line and column, 1-based), so that a mistake
/// is reported as "ferry.json:3:5". Keys are configuration paths as the JSON provider makes them
/// ("Accounts:0:Home"), compared without regard to case like configuration keys.
/// </summary>
public sealed class JsonLineMap
{
    private readonly Dictionary<string, (int Line, int Column)> _positions;

    private JsonLineMap(Dictionary<string, (int Line, int Column)> positions) => _positions = positions;

    /// <summary>Same reader rules as the configuration's JSON provider: comments and trailing commas allowed.</summary>
    public static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public bool TryFind(string key, out int line, out int column)
    {
        var found = _positions.TryGetValue(key, out var position);
        (line, column) = position;
        return found;
    }

    /// <summary>The map of a file; an unreadable or malformed file gives the keys read before the fault.</summary>
    public static JsonLineMap Read(string file)
    {
        var positions = new Dictionary<string, (int, int)>(StringComparer.OrdinalIgnoreCase);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new JsonLineMap(positions);
        }

        var offset = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var lines = LineStarts(bytes);
        var reader = new Utf8JsonReader(bytes.AsSpan(offset), ReaderOptions);

        // The path to the current value: a property name, or an array index that counts up.
        var path = new List<string>();
        var indexes = new Stack<int>();
        var pendingName = false;
        try
        {
            while (reader.Read())
            {
                var at = Position(lines, offset + (int)reader.TokenStartIndex);
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        path.Add(reader.GetString() ?? "");
                        positions.TryAdd(string.Join(':', path), at);
                        pendingName = true;
                        continue;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        EnterValue(path, indexes, ref pendingName, positions, at);
                        indexes.Push(reader.TokenType == JsonTokenType.StartArray ? 0 : -1);
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        indexes.Pop();
                        LeaveValue(path, indexes);
                        continue;
                    default:
                        EnterValue(path, indexes, ref pendingName, positions, at);
                        LeaveValue(path, indexes);
                        continue;
                }
            }
        }
        catch (JsonException)
        {
            // Reported by the loader with its line and column; the keys before the fault are still useful.
        }

        return new JsonLineMap(positions);
    }

    private static void EnterValue(List<string> path, Stack<int> indexes, ref bool pendingName, Dictionary<string, (int, int)> positions, (int, int) at)
    {
        if (pendingName)
        {
            pendingName = false;
            return;
        }

        if (indexes.TryPeek(out var index) && index >= 0)
        {
            path.Add(index.ToString(System.Globalization.CultureInfo.InvariantCulture));
            positions.TryAdd(string.Join(':', path), at);
        }
    }

    private static void LeaveValue(List<string> path, Stack<int> indexes)
    {
        if (path.Count == 0)
        {
            return;
        }

        path.RemoveAt(path.Count - 1);
        if (indexes.TryPop(out var index))
        {
            indexes.Push(index >= 0 ? index + 1 : index);
        }
    }

    private static List<int> LineStarts(byte[] bytes)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    private static (int Line, int Column) Position(List<int> lineStarts, int offset)
    {
        var index = lineStarts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, offset - lineStarts[line] + 1);
    }
}
