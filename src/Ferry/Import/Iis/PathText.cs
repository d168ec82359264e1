using System.Text.RegularExpressions;

namespace Ferry.Import.Iis;

/// <summary>Environment variables in IIS paths (%SystemDrive%\inetpub\ftproot), and joining Windows-style paths.</summary>
public static partial class PathText
{
    /// <summary>The path with known variables expanded; <paramref name="unknown"/> names those left as written.</summary>
    public static string Expand(string path, IReadOnlyDictionary<string, string> known, out IReadOnlyList<string> expanded, out IReadOnlyList<string> unknown)
    {
        var found = new List<string>();
        var missing = new List<string>();
        var result = Variable().Replace(path, match =>
        {
            var name = match.Groups[1].Value;
            if (known.TryGetValue(name, out var value))
            {
                found.Add($"%{name}% = {value}");
                return value;
            }

            missing.Add($"%{name}%");
            return match.Value;
        });
        expanded = found;
        unknown = missing;
        return result;
    }

    /// <summary>Joins with the separator the base path already uses (a Windows path keeps backslashes).</summary>
    public static string Join(string basePath, params string[] parts)
    {
        var separator = basePath.Contains('\\', StringComparison.Ordinal) || !basePath.Contains('/', StringComparison.Ordinal) ? '\\' : '/';
        return string.Join(separator, new[] { basePath.TrimEnd('\\', '/') }.Concat(parts.Select(p => p.Trim('\\', '/').Replace('/', separator).Replace('\\', separator))));
    }

    [GeneratedRegex("%([A-Za-z_][A-Za-z0-9_()]*)%")]
    private static partial Regex Variable();
}
