using System.Globalization;

namespace Ferry.Bench;

/// <summary>
/// "CMD --name value --flag ..." parsed once; every option read is marked used so that a misspelt
/// option is reported instead of silently falling back to its default.
/// </summary>
public sealed class BenchArguments
{
    private readonly Dictionary<string, string?> _options;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private BenchArguments(string command, Dictionary<string, string?> options)
    {
        Command = command;
        _options = options;
    }

    public string Command { get; }

    public static BenchArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith('-'))
        {
            throw new UsageException("missing sub-command");
        }

        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new UsageException($"unexpected argument '{arg}' (options look like --name value)");
            }

            var name = arg[2..];
            string? value = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }

            if (!options.TryAdd(name, value))
            {
                throw new UsageException($"--{name} given twice");
            }
        }

        return new BenchArguments(args[0], options);
    }

    public bool Flag(string name)
    {
        _used.Add(name);
        if (!_options.TryGetValue(name, out var value))
        {
            return false;
        }

        return value switch
        {
            null or "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            _ => throw new UsageException($"--{name} is a flag; '{value}' is not true/false"),
        };
    }

    public string? OptionalString(string name)
    {
        _used.Add(name);
        if (!_options.TryGetValue(name, out var value))
        {
            return null;
        }

        return value ?? throw new UsageException($"--{name} needs a value");
    }

    public string String(string name, string fallback) => OptionalString(name) ?? fallback;

    public string RequiredString(string name) => OptionalString(name) ?? throw new UsageException($"--{name} is required");

    public long Long(string name, long fallback, long min, long max)
    {
        var text = OptionalString(name);
        if (text is null)
        {
            return fallback;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"--{name} must be a whole number from {min} to {max}, not '{text}'");
        }

        return value;
    }

    public int Int(string name, int fallback, int min, int max) => (int)Long(name, fallback, min, max);

    public double Seconds(string name, double fallback, double min, double max)
    {
        var text = OptionalString(name);
        if (text is null)
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value >= min && value <= max))
        {
            throw new UsageException($"--{name} must be a number of seconds from {min} to {max}, not '{text}'");
        }

        return value;
    }

    /// <summary>Call after every option of the command was read: anything left over is a typo.</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_used.Contains(k)).Select(k => "--" + k).ToArray();
        if (unknown.Length > 0)
        {
            throw new UsageException($"unknown option(s) for '{Command}': {string.Join(", ", unknown)}");
        }
    }
}
