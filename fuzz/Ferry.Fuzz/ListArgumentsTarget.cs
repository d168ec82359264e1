using System.Text;
using Ferry.Ftp.Protocol;

namespace Ferry.Fuzz;

/// <summary>LIST/NLST arguments ("-la dir", "-R", globs): any text parses, and parsing is repeatable.</summary>
public static class ListArgumentsTarget
{
    public static void Run(byte[] input)
    {
        var argument = Encoding.UTF8.GetString(input);
        var first = ListArguments.Parse(argument);
        var second = ListArguments.Parse(argument);
        if (!Equals(first, second))
        {
            throw new FuzzFinding($"'{argument}' parsed two different ways");
        }

        // Options are gathered from "-xyz" words, which end at a space or a tab: they never hold one.
        // (Any other character may be an option letter: "-R-la" gives "R-la", as getopt would read it.)
        if (first.Options.Any(c => c is ' ' or '\t'))
        {
            throw new FuzzFinding($"'{argument}' gave options '{first.Options}'");
        }
    }
}
