using System.Text;
using System.Text.Json;

namespace Ferry.Bench.Tests;

public class ResultLineTests
{
    [Fact]
    public void Writes_one_JSON_object_on_one_line_in_field_order()
    {
        using var output = new MemoryStream();

        new ResultLine("small", "ferry", "files/s").Add("value", 3120.46, 1).Add("failures", 0).Add("errors", new[] { "a" }).WriteTo(output);

        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.Equal("{\"metric\":\"small\",\"label\":\"ferry\",\"unit\":\"files/s\",\"value\":3120.5,\"failures\":0,\"errors\":[\"a\"]}\n", text);
    }

    [Fact]
    public void Writes_a_figure_that_is_not_a_number_as_null()
    {
        using var output = new MemoryStream();

        new ResultLine("ceiling_plain", "", "MB/s").Add("value", double.NaN).WriteTo(output);

        using var json = JsonDocument.Parse(output.ToArray());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("value").ValueKind);
    }
}
