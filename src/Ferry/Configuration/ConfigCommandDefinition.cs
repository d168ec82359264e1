using System.CommandLine;
using Ferry.Cli;

namespace Ferry.Configuration;

/// <summary>`ferry config check|print`: their options and help; the work is <see cref="ConfigCommand"/>.</summary>
public static class ConfigCommandDefinition
{
    public static Command Create()
    {
        var checkOptions = ConfigurationOptions.All();
        var file = new Argument<string?>("FILE")
        {
            Description = "The configuration file to check (default: --config, else ./ferry.json).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var check = new DocumentedCommand(
            "check",
            "Check a configuration as `ferry serve` would, and report every problem at once.",
            """
            Reads the file, the FERRY__ variables and the flags given, and prints "configuration OK"
            (exit 0) or each problem with its file, line and column, variable or flag (exit 2).
            Creates nothing. Run it as the service's user: it checks that the root, the homes and the
            TLS files exist and can be read as that user sees them.
            """)
        { file };
        checkOptions.AddTo(check);
        check.SetAction(parseResult => ConfigCommand.Check(
            parseResult.GetValue(file) ?? checkOptions.File(parseResult), Flags(checkOptions, parseResult), Console.Out));

        var printOptions = ConfigurationOptions.All();
        var print = new DocumentedCommand(
            "print",
            "Print every effective setting with its source; secrets are masked.",
            """
            One "Key = value  # source" line per setting: the file with line and column, the
            environment variable, the flag, or "default". Password hashes, certificate passwords and
            anything named like a secret show as ********. Any problems follow, as `config check`
            reports them (exit 2).
            """);
        printOptions.AddTo(print);
        print.SetAction(parseResult => ConfigCommand.Print(printOptions.File(parseResult), Flags(printOptions, parseResult), Console.Out));

        return new Command("config", "Check or show the configuration before a (re)start.") { check, print };
    }

    private static ILookup<string, string> Flags(ConfigurationOptions options, ParseResult parseResult) =>
        options.Values(parseResult).ToLookup(f => f.Flag, f => f.Value, StringComparer.Ordinal);
}
