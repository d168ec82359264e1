namespace Ferry.Cli;

/// <summary>
/// A parsed command line: the command words ("serve", "account add alice") and the --flags. A flag
/// may repeat (--user, --listen); "--flag=value" and "--flag value" both work.
/// </summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _flags = new(StringComparer.Ordinal);

    private CommandLine(IReadOnlyList<string> words) => Words = words;

    public IReadOnlyList<string> Words { get; }

    /// <summary>Flags that take no value.</summary>
    private static readonly HashSet<string> Switches = ["help", "h", "version", "generate", "disable"];

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var words = new List<string>();
        var parsed = new CommandLine(words);
        var optionsEnded = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--" && !optionsEnded)
            {
                // POSIX: "--" ends the options, so an account named "-x" can still be given.
                optionsEnded = true;
                continue;
            }

            if (optionsEnded || !arg.StartsWith('-') || arg == "-")
            {
                words.Add(arg);
                continue;
            }

            var name = arg.TrimStart('-');
            string? value = null;
            var equals = name.IndexOf('=');
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            else if (!Switches.Contains(name) && !Configuration.ConfigurationLoader.SwitchFlags.Contains(name))
            {
                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"--{name} needs a value.");
                }

                value = args[++i];
            }

            if (!parsed._flags.TryGetValue(name, out var values))
            {
                parsed._flags[name] = values = [];
            }

            values.Add(value ?? "true");
        }

        return parsed;
    }

    public bool Has(string name) => _flags.ContainsKey(name);

    public string? Get(string name) => _flags.TryGetValue(name, out var values) ? values[^1] : null;

    public IReadOnlyList<string> GetAll(string name) => _flags.TryGetValue(name, out var values) ? values : [];

    public IEnumerable<string> Names => _flags.Keys;

    /// <summary>The settings this command line gives: --config and the quick-start flags.</summary>
    public IConfigurationRoot LoadConfiguration() => Configuration.ConfigurationLoader.Load(
        Get("config"),
        _flags.SelectMany(f => f.Value.Select(v => (f.Key, v))).ToLookup(f => f.Key, f => f.v, StringComparer.Ordinal));

    /// <summary>Rejects flags the command does not know, so a typo is not silently ignored.</summary>
    public void RequireOnly(IEnumerable<string> known)
    {
        var allowed = new HashSet<string>(known, StringComparer.Ordinal) { "help", "h" };
        var unknown = _flags.Keys.Where(k => !allowed.Contains(k)).ToArray();
        if (unknown.Length > 0)
        {
            throw new UsageException($"Unknown option --{unknown[0]}. Use --help to see the options.");
        }
    }
}

/// <summary>A mistake in how ferry was called: printed without a stack trace, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
