using Ferry.Configuration;

namespace Ferry.Tests;

public sealed class JsonLineMapTests
{
    [Fact]
    public void Finds_keys_in_objects_arrays_and_arrays_of_objects_as_configuration_paths()
    {
        using var dir = new TempDirectory();
        var file = dir.File("ferry.json");
        File.WriteAllText(file, "\uFEFF" + """
            {
              // comments and trailing commas, as the configuration's JSON reader allows
              "Ftp": { "Listen": [ "127.0.0.1", "::1", ], },
              "Accounts": [
                { "Name": "alice" },
                { "Name": "bob", "Folders": { "/in": "list" } }
              ]
            }
            """);

        var map = JsonLineMap.Read(file);

        Assert.Equal((3, 3), Find(map, "Ftp"));
        Assert.Equal((3, 12), Find(map, "ftp:listen"));
        Assert.Equal((3, 37), Find(map, "Ftp:Listen:1"));
        Assert.Equal((5, 5), Find(map, "Accounts:0"));
        Assert.Equal((6, 7), Find(map, "Accounts:1:Name"));
        Assert.Equal((6, 35), Find(map, "Accounts:1:Folders:/in"));
        Assert.False(map.TryFind("Accounts:2", out _, out _));
    }

    [Fact]
    public void Malformed_file_keeps_the_keys_before_the_fault()
    {
        using var dir = new TempDirectory();
        var file = dir.File("broken.json");
        File.WriteAllText(file, "{ \"Tls\": { \"Mode\": \"Required\" }\n  \"Ftp\" }");

        var map = JsonLineMap.Read(file);

        Assert.Equal((1, 12), Find(map, "Tls:Mode"));
    }

    private static (int, int) Find(JsonLineMap map, string key) =>
        map.TryFind(key, out var line, out var column) ? (line, column) : throw new Xunit.Sdk.XunitException($"{key} not found");
}
