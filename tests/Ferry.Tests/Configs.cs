using Microsoft.Extensions.Configuration;

namespace Ferry.Tests;

/// <summary>In-memory configurations built from key/value pairs, as the file or flags would give them.</summary>
internal static class Configs
{
    public static IConfigurationRoot From(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
}
