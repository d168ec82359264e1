using System.Reflection;

namespace Ferry.Cli;

/// <summary>
/// `ferry --version`: the version and the git commit it was built from. The SDK appends
/// "+COMMIT" to AssemblyInformationalVersion when it builds inside a git repository (SourceLink).
/// </summary>
public static class VersionText
{
    public static string For(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "0.0.0";
        var plus = informational.IndexOf('+');
        return plus < 0
            ? $"ferry {informational} (commit unknown: built outside a git repository)"
            : $"ferry {informational[..plus]} (commit {informational[(plus + 1)..]})";
    }
}
