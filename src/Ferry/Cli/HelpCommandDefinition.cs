using System.CommandLine;

namespace Ferry.Cli;

/// <summary>`ferry help [COMMAND...]`: the same help as `ferry [COMMAND...] --help`, as git and go offer it.</summary>
public static class HelpCommandDefinition
{
    public static Command Create(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var words = new Argument<string[]>("COMMAND") { HelpName = "COMMAND", Arity = ArgumentArity.ZeroOrMore, Description = "The command to explain, such as: serve, account add." };
        words.CompletionSources.Add(_ => root.Subcommands.Where(c => !c.Hidden).Select(c => new System.CommandLine.Completions.CompletionItem(c.Name)));
        var help = new Command("help", "Show help for ferry or for a command.") { words };
        help.SetAction(parseResult =>
        {
            string[] command = parseResult.GetValue(words) ?? [];
            var forCommand = FerryCommandLine.Parse(root, [.. command, "--help"]);
            if (forCommand.UnmatchedTokens.Count > 0)
            {
                // Else the library shows the main help with exit code 0, as if the command existed.
                throw new UsageException($"No command 'ferry {string.Join(' ', command)}': 'ferry help' lists the commands.");
            }

            return forCommand.Invoke(parseResult.InvocationConfiguration);
        });
        return help;
    }
}
