using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ferry.Import.Iis;

/// <summary>The ferry.json being written, set key by key in Ferry's own notation ("Ftp:Port", "Sites:0:Root").</summary>
public sealed class FerryConfigBuilder
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,

        // Paths keep their backslashes and messages their quotes readable; JSON escaping still applies.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public JsonObject Root { get; } = [];

    public void Set(string key, JsonNode? value)
    {
        var parts = key.Split(':');
        JsonNode node = Root;
        for (var i = 0; i < parts.Length; i++)
        {
            var last = i == parts.Length - 1;
            var nextIsIndex = !last && int.TryParse(parts[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out _);
            if (node is JsonArray array)
            {
                var index = int.Parse(parts[i], CultureInfo.InvariantCulture);
                while (array.Count <= index)
                {
                    // Typed as JsonNode so that Add(JsonNode) is called: Add<T>(T) would wrap the object
                    // as a value through reflection (RequiresUnreferencedCode, RequiresDynamicCode).
                    array.Add((JsonNode)new JsonObject());
                }

                if (last)
                {
                    array[index] = value;
                    return;
                }

                node = array[index] ??= nextIsIndex ? new JsonArray() : new JsonObject();
                continue;
            }

            var obj = (JsonObject)node;
            if (last)
            {
                obj[parts[i]] = value;
                return;
            }

            node = obj[parts[i]] ??= nextIsIndex ? new JsonArray() : new JsonObject();
        }
    }

    public bool Has(string key)
    {
        JsonNode? node = Root;
        foreach (var part in key.Split(':'))
        {
            node = node switch
            {
                JsonObject obj => obj[part],
                JsonArray array when int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count => array[i],
                _ => null,
            };
        }

        return node is not null;
    }

    public static JsonArray List(IEnumerable<string> values) => [.. values.Select(v => (JsonNode?)JsonValue.Create(v))];

    public string ToJson() => Root.ToJsonString(Indented) + "\n";
}
