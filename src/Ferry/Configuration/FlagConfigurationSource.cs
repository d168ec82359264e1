namespace Ferry.Configuration;

/// <summary>
/// The command-line flags as a configuration provider that remembers which flag set each key, so
/// that a mistake is reported as "flag --ftp-port" rather than by the JSON key the flag stands for.
/// </summary>
public sealed class FlagConfigurationSource(IReadOnlyList<(string Flag, string Key, string Value)> values) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new FlagConfigurationProvider(values);
}

public sealed class FlagConfigurationProvider : ConfigurationProvider
{
    private readonly Dictionary<string, string> _flags = new(StringComparer.OrdinalIgnoreCase);

    public FlagConfigurationProvider(IReadOnlyList<(string Flag, string Key, string Value)> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (flag, key, value) in values)
        {
            Data[key] = value;
            _flags[key] = flag;
        }
    }

    /// <summary>The flag (without dashes) that set <paramref name="key"/> or a key under it.</summary>
    public string? FlagOf(string key) =>
        _flags.TryGetValue(key, out var flag) ? flag
            : _flags.FirstOrDefault(f => f.Key.StartsWith(key + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase)).Value;
}
