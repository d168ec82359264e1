using Ferry.Cli;
using Ferry.Serving;

namespace Ferry.Accounts;

/// <summary>
/// Where `ferry account add|passwd|hash` takes a password from: --password-env, --password-file,
/// --generate, else standard input: one line when it is piped or redirected (so that
/// `echo "$PW" | ferry account add bob` works), or asked twice without echo on a terminal.
/// </summary>
public sealed record PasswordInput(string? Variable, string? File, bool Generate)
{
    /// <summary>The password, and whether it was generated (then it is shown once).</summary>
    /// <param name="what">Names the password in messages ("account bob").</param>
    /// <param name="input">Standard input.</param>
    /// <param name="inputIsTerminal">False when standard input is piped or redirected.</param>
    public (string Password, bool Generated) Read(string what, TextReader input, bool inputIsTerminal)
    {
        ArgumentNullException.ThrowIfNull(input);
        var sources = (Variable is null ? 0 : 1) + (File is null ? 0 : 1) + (Generate ? 1 : 0);
        if (sources > 1)
        {
            throw new UsageException("Give one password source: --password-env, --password-file or --generate.");
        }

        if (Variable is not null)
        {
            return (PasswordSource.Resolve("env:" + Variable, what), false);
        }

        if (File is not null)
        {
            return (PasswordSource.FromFile(File, what), false);
        }

        if (Generate)
        {
            return (PasswordSource.Generate(), true);
        }

        return inputIsTerminal ? (Ask(what), false) : (FromPipe(input, what), false);
    }

    /// <summary>The first line of piped input, its line ending stripped (ReadLine strips \n and \r\n).</summary>
    private static string FromPipe(TextReader input, string what)
    {
        var line = input.ReadLine();
        return line is { Length: > 0 }
            ? line
            : throw new UsageException(
                $"{what}: standard input is not a terminal and gave no password. Pipe the password as one line, "
                + "or use --password-env VARIABLE, --password-file FILE or --generate.");
    }

    private static string Ask(string what)
    {
        var first = Prompt($"Password for {what}: ");
        var second = Prompt("Again: ");
        if (first != second)
        {
            throw new UsageException("The two passwords differ.");
        }

        return first.Length > 0 ? first : throw new UsageException("The password is empty.");
    }

    /// <summary>Reads a line from the terminal without echoing it.</summary>
    private static string Prompt(string label)
    {
        Console.Write(label);
        var text = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.WriteLine();
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
