using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;

namespace Ferry.Configuration;

/// <summary>
/// Says where a key's value came from, as the administrator wrote it: "ferry.json:3:14",
/// "environment variable FERRY__FTP__PORT" or "flag --ftp-port". The last provider that holds the
/// key (or a key under it) wins, as it does when the configuration is read.
/// </summary>
public sealed class ConfigurationSources(IConfigurationRoot root)
{
    private readonly Dictionary<string, JsonLineMap> _maps = new(StringComparer.Ordinal);

    public ConfigurationProblem Attach(ConfigurationProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Source is null && problem.Key.Length > 0 && Describe(problem.Key) is { } source ? problem with { Source = source } : problem;
    }

    /// <summary>Where <paramref name="key"/> was set; for a key that is missing (a required Name), where its nearest parent was; null when nowhere.</summary>
    public string? Describe(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (var path = key; path.Length > 0; path = ConfigurationPath.GetParentPath(path) ?? "")
        {
            foreach (var provider in root.Providers.Reverse())
            {
                if (Holds(provider, path))
                {
                    return Describe(provider, path);
                }
            }
        }

        return null;
    }

    private static bool Holds(IConfigurationProvider provider, string path) =>
        provider.TryGet(path, out _) || provider.GetChildKeys([], path).Any();

    private string? Describe(IConfigurationProvider provider, string path)
    {
        switch (provider)
        {
            case JsonConfigurationProvider json when json.Source.FileProvider?.GetFileInfo(json.Source.Path ?? "").PhysicalPath is { } file:
                if (!_maps.TryGetValue(file, out var map))
                {
                    _maps[file] = map = JsonLineMap.Read(file);
                }

                return map.TryFind(path, out var line, out var column) ? $"{Display(file)}:{line}:{column}" : Display(file);
            case EnvironmentVariablesConfigurationProvider:
                return VariableFor(path) is { } variable ? $"environment variable {variable}" : "environment variable";
            case FlagConfigurationProvider flags:
                return flags.FlagOf(path) is { } flag ? $"flag --{flag}" : "flag";
            default:
                return null;
        }
    }

    /// <summary>The variable's name as it is set (FERRY__FTP__PORT), found among the process's variables.</summary>
    private static string? VariableFor(string path)
    {
        var names = Environment.GetEnvironmentVariables().Keys.Cast<object>().Select(k => k.ToString() ?? "")
            .Where(n => n.StartsWith(ConfigurationLoader.EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            .Select(n => (Name: n, Key: n[ConfigurationLoader.EnvironmentPrefix.Length..].Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)))
            .ToArray();
        return names.FirstOrDefault(n => string.Equals(n.Key, path, StringComparison.OrdinalIgnoreCase)).Name
            ?? names.Where(n => n.Key.StartsWith(path + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase)).Select(n => n.Name).Order(StringComparer.Ordinal).FirstOrDefault();
    }

    /// <summary>A file under the working folder by its relative name (ferry.json), others in full.</summary>
    public static string Display(string file)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), file);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? file : relative;
    }
}
