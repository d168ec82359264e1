using System.CommandLine;
using Ferry.Cli;
using Ferry.Configuration;

namespace Ferry.Accounts;

/// <summary>`ferry account ...`: the subcommands, their options and help; the work is <see cref="AccountCommand"/>.</summary>
public static class AccountCommandDefinition
{
    private const string NameRule =
        "1-64 ASCII letters, digits and . _ - @, starting with a letter, digit or _ and not ending with a dot (a name, never a path).";

    private const string PasswordRule = """
        The password comes from --password-env, --password-file or --generate; otherwise from
        standard input: one line when it is piped or redirected (printf '%s\n' "$PW" | ferry account ...),
        or asked twice without echo on a terminal.
        """;

    public static Command Create() => new("account", "Manage accounts: the embedded store in the data folder, and a hash for accounts kept in ferry.json.")
    {
        Add(),
        List(),
        Passwd(),
        Remove(),
        Hash(),
    };

    private static Command Add()
    {
        var name = NameArgument();
        var home = new Option<string>("--home")
        {
            HelpName = "DIR",
            Description = "The account's folder; a relative path is taken under the served root and may not lead out of it (default: a folder named after the account).",
        };
        var permissions = new Option<string>("--permissions")
        {
            HelpName = "LIST",
            Description = "Comma-separated: list, read, write, append, delete, rename, mkdir, settime, chmod; or all, readonly, none (default: all).",
        };
        var password = new PasswordOptions();
        var (configuration, command) = Leaf("add", "Add an account to the embedded store (a name that ferry.json already defines is refused).", PasswordRule);
        command.Add(name);
        command.Add(home);
        command.Add(permissions);
        password.AddTo(command);
        command.SetAction((parseResult, _) => AccountCommand.AddAsync(
            Context(configuration, parseResult),
            parseResult.GetRequiredValue(name),
            parseResult.GetValue(home),
            parseResult.GetValue(permissions),
            password.Get(parseResult)));
        return command;
    }

    private static Command List()
    {
        var (configuration, command) = Leaf("list", "List the accounts: the embedded store's and those in ferry.json (the SOURCE column says which).", "");
        command.SetAction((parseResult, _) => AccountCommand.ListAsync(Context(configuration, parseResult)));
        return command;
    }

    private static Command Passwd()
    {
        var name = NameArgument();
        var password = new PasswordOptions();
        var (configuration, command) = Leaf("passwd", "Set a new password for an account of the embedded store (for one in ferry.json, edit its PasswordHash).", PasswordRule);
        command.Add(name);
        password.AddTo(command);
        command.SetAction((parseResult, _) => AccountCommand.PasswdAsync(
            Context(configuration, parseResult), parseResult.GetRequiredValue(name), password.Get(parseResult)));
        return command;
    }

    private static Command Remove()
    {
        var name = NameArgument();
        var (configuration, command) = Leaf("remove", "Remove an account from the embedded store; its files are left in place.", "");
        command.Add(name);
        command.SetAction((parseResult, _) => AccountCommand.RemoveAsync(Context(configuration, parseResult), parseResult.GetRequiredValue(name)));
        return command;
    }

    private static Command Hash()
    {
        var password = new PasswordOptions();
        var (configuration, command) = Leaf("hash", "Print a password hash for \"PasswordHash\" of an account in ferry.json; no store is touched.", PasswordRule);
        password.AddTo(command);
        command.SetAction(parseResult => AccountCommand.Hash(Context(configuration, parseResult), password.Get(parseResult)));
        return command;
    }

    /// <summary>A subcommand with --config and --data: the account store lives in the data folder.</summary>
    private static (ConfigurationOptions Configuration, Command Command) Leaf(string name, string description, string details)
    {
        var configuration = ConfigurationOptions.Only(["data"]);
        var command = new DocumentedCommand(name, description, details);
        configuration.AddTo(command);
        return (configuration, command);
    }

    private static Argument<string> NameArgument() => new("NAME") { Description = NameRule };

    private static AccountContext Context(ConfigurationOptions configuration, ParseResult parseResult) =>
        new(ConfigurationCheck.Load(configuration.Load(parseResult)), configuration.FileName(parseResult));

    /// <summary>--password-env, --password-file, --generate: one set per command that reads a password.</summary>
    private sealed class PasswordOptions
    {
        private readonly Option<string> _variable = new("--password-env") { HelpName = "VARIABLE", Description = "Read the password from this environment variable." };
        private readonly Option<string> _file = new("--password-file") { HelpName = "FILE", Description = "Read the password from the first line of this file." };
        private readonly Option<bool> _generate = new("--generate") { Description = "Generate a strong password and print it once." };

        public void AddTo(Command command)
        {
            command.Add(_variable);
            command.Add(_file);
            command.Add(_generate);
        }

        public PasswordInput Get(ParseResult parseResult) =>
            new(parseResult.GetValue(_variable), parseResult.GetValue(_file), parseResult.GetValue(_generate));
    }
}
