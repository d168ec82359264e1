using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Ferry.Cli;

/// <summary>
/// A command whose help has more to say than its one-line description: lists of commands show the
/// description, and `ferry help COMMAND` adds <see cref="Details"/> after the options.
/// </summary>
public class DocumentedCommand(string name, string description, string details) : Command(name, description)
{
    public string Details { get; } = details;
}

/// <summary>The library's help, then the command's <see cref="DocumentedCommand.Details"/>.</summary>
internal sealed class HelpWithDetails(HelpAction library) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        var exitCode = library.Invoke(parseResult);
        if (parseResult.CommandResult.Command is DocumentedCommand { Details: { Length: > 0 } details })
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Details:");
            foreach (var line in details.Split('\n'))
            {
                output.WriteLine(line.Length == 0 ? "" : "  " + line.TrimEnd('\r'));
            }

            output.WriteLine();
        }

        return exitCode;
    }
}
