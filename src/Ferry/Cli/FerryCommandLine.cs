using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Ferry.Accounts;
using Ferry.Configuration;
using Ferry.Serving;
using Ferry.Tls;

namespace Ferry.Cli;

/// <summary>
/// The `ferry` command tree (System.CommandLine: generated help, typo suggestions, completion).
/// Each command group is one <c>XCommandDefinition.Create()</c>: adding a group is one line here.
/// </summary>
public static class FerryCommandLine
{
    /// <summary>Help written to a file or a pager wraps like a man page; a terminal wraps at its width.</summary>
    private const int RedirectedHelpWidth = 100;

    private const string Description = """
        Ferry: an FTP server (RFC 959), with active and passive data connections and FTPS
        (RFC 4217: explicit AUTH TLS, and implicit TLS on a port of its own), and WebDAV
        (RFC 4918) over HTTPS and HTTP on the same files and accounts.

        Configuration: ferry.json in the working folder (or --config FILE), then environment
        variables FERRY__SECTION__KEY, then command-line flags. See docs/configuration.md.
        """;

    public static RootCommand Build()
    {
        var root = new RootCommand(Description)
        {
            ServeCommandDefinition.Create(),
            AccountCommandDefinition.Create(),
            TlsCommandDefinition.Create(),
            ConfigCommandDefinition.Create(),
            Import.Iis.ImportCommandDefinition.Create(),
            CompletionCommandDefinition.Create(),
        };
        foreach (var admin in Admin.AdminCommand.Create())
        {
            root.Add(admin);
        }

        // Help names the program "ferry" also when it runs as "dotnet ferry.dll" or inside a test host.
        root.HelpName = "ferry";
        root.Add(HelpCommandDefinition.Create(root));
        ReplaceVersionOption(root);
        UseDetailedHelp(root);
        return root;
    }

    /// <summary>
    /// Parses without response files: System.CommandLine would replace an argument "@FILE" by the
    /// file's contents, and a value may begin with "@" (a path, a password in --user NAME:@...).
    /// </summary>
    public static ParseResult Parse(RootCommand root, IReadOnlyList<string> args) =>
        (root ?? throw new ArgumentNullException(nameof(root))).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });

    /// <summary>
    /// Parses and runs. Exceptions are not caught here (the caller maps them to exit codes), and
    /// SIGTERM/Ctrl+C are left to the server's host, which drains sessions on its own schedule.
    /// </summary>
    public static async Task<int> InvokeAsync(IReadOnlyList<string> args, TextWriter? output = null, TextWriter? error = null)
    {
        var parseResult = Parse(Build(), args);
        var configuration = new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
        };
        if (parseResult.Errors.Count == 0)
        {
            return await parseResult.InvokeAsync(configuration);
        }

        if (parseResult.Action is ParseErrorAction parseError)
        {
            // The full help after every typo buries the error; it is shown only when a command
            // group was called without its subcommand ("ferry", "ferry account").
            parseError.ShowHelp = parseResult.UnmatchedTokens.Count == 0 && parseResult.CommandResult.Command.Subcommands.Count > 0;
        }

        await parseResult.InvokeAsync(configuration);
        configuration.Error.WriteLine($"See '{string.Join(' ', ["ferry", "help", .. CommandPath(parseResult.CommandResult)])}'.");
        return ExitCodes.Usage;
    }

    /// <summary>"account add" for `ferry account add ...`: the words after "ferry".</summary>
    private static IEnumerable<string> CommandPath(CommandResult result) =>
        result.Parent is CommandResult parent ? [.. CommandPath(parent), result.Command.Name] : [];

    /// <summary>Adds <see cref="DocumentedCommand.Details"/> to help; wraps help that goes to a file or a pager.</summary>
    private static void UseDetailedHelp(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        var library = help.Action as HelpAction ?? new HelpAction();
        if (Console.IsOutputRedirected)
        {
            library.MaxWidth = RedirectedHelpWidth;
        }

        help.Action = new HelpWithDetails(library);
    }

    /// <summary>--version, -V and -v print the version and the commit (the library's prints the version only).</summary>
    private static void ReplaceVersionOption(RootCommand root)
    {
        var library = root.Options.OfType<VersionOption>().Single();
        root.Options.Remove(library);
        root.Options.Add(new VersionOption("--version", "-V", "-v") { Action = new PrintVersion() });
    }

    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(VersionText.For(typeof(FerryCommandLine).Assembly));
            return ExitCodes.Ok;
        }
    }
}
