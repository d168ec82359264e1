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

    private const string SettingsRule = """
        Each option means what the account's key in ferry.json means (Quota, Bandwidth, AllowFrom,
        DenyFrom, MaxSessions, Overwrite, DenyCommands, Tls, Mounts) and is checked by the same rules. Options
        not given keep their value; "none" removes a limit or empties a list; a list option given
        again replaces the whole list. A running server applies the change at the account's next logon.
        """;

    public static Command Create() => new("account", "Manage accounts: the embedded store in the data folder, and a hash for accounts kept in ferry.json.")
    {
        Add(),
        List(),
        Passwd(),
        Set(),
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
        var settings = new SettingsOptions();
        var (configuration, command) = Leaf("add", "Add an account to the embedded store (a name that ferry.json already defines is refused).", PasswordRule);
        command.Add(name);
        command.Add(home);
        command.Add(permissions);
        password.AddTo(command);
        settings.AddTo(command);
        command.SetAction((parseResult, _) => AccountCommand.AddAsync(
            Context(configuration, parseResult),
            parseResult.GetRequiredValue(name),
            parseResult.GetValue(home),
            parseResult.GetValue(permissions),
            password.Get(parseResult),
            settings.Get(parseResult)));
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

    private static Command Set()
    {
        var name = NameArgument();
        var settings = new SettingsOptions();
        var enable = new Option<bool>("--enable") { Description = "Let the account log on again (it needs a password: 'ferry account passwd' sets the first one and enables it)." };
        var disable = new Option<bool>("--disable") { Description = "Refuse the account's logons from now on, keeping its settings and files." };
        var (configuration, command) = Leaf("set", "Enable or disable an account of the embedded store, or change its quota, bandwidth or policy (for one in ferry.json, edit its keys).", SettingsRule);
        command.Add(name);
        command.Add(enable);
        command.Add(disable);
        settings.AddTo(command);
        command.SetAction((parseResult, _) =>
        {
            if (parseResult.GetValue(enable) && parseResult.GetValue(disable))
            {
                throw new UsageException("--enable and --disable contradict each other: give one.");
            }

            bool? enabled = parseResult.GetValue(enable) ? true : parseResult.GetValue(disable) ? false : null;
            return AccountCommand.SetAsync(Context(configuration, parseResult), parseResult.GetRequiredValue(name), settings.Get(parseResult), enabled);
        });
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

    /// <summary>The limit and policy options of add and set.</summary>
    private sealed class SettingsOptions
    {
        private readonly Option<string> _quotaBytes = Text("--quota-bytes", "SIZE", "Bytes the account's home may hold (Quota:Bytes): 10GB, 512MiB, 1000; none.");
        private readonly Option<string> _quotaFiles = Text("--quota-files", "COUNT", "Files and folders the home may hold (Quota:Files); none.");
        private readonly Option<string> _uploadRate = Text("--upload-rate", "SIZE", "Upload bytes per second, shared by the account's sessions (Bandwidth:UploadBytesPerSecond), at least 1KiB; none.");
        private readonly Option<string> _downloadRate = Text("--download-rate", "SIZE", "Download bytes per second (Bandwidth:DownloadBytesPerSecond), at least 1KiB; none.");
        private readonly Option<string[]> _allowFrom = List("--allow-from", "NETWORK", "An address or CIDR network the account may log on from (AllowFrom); repeat for more; none.");
        private readonly Option<string[]> _denyFrom = List("--deny-from", "NETWORK", "An address or CIDR network the account may not log on from (DenyFrom); repeat for more; none.");
        private readonly Option<string> _maxSessions = Text("--max-sessions", "N", "Sessions the account may hold at once (MaxSessions); none: the server's per-account limit.");
        private readonly Option<bool> _overwrite = new("--overwrite") { Description = "Uploads may replace existing files (Overwrite: true, the default)." };
        private readonly Option<bool> _noOverwrite = new("--no-overwrite") { Description = "A drop box: uploads never replace or append to a file that exists (Overwrite: false)." };
        private readonly Option<string[]> _denyCommands = List("--deny-command", "VERB", "An FTP command the account may not use (DenyCommands); repeat for more; none.");
        private readonly Option<string> _tlsControl = Text("--tls-control", "POLICY", "Allow, Require or RequireCredentialsOnly (Tls:Control).");
        private readonly Option<string> _tlsData = Text("--tls-data", "POLICY", "Allow or Require (Tls:Data).");
        private readonly Option<string[]> _mounts = List("--mount", "PATH=FOLDER", "A local folder shown at PATH in the account's home (Mounts), as an IIS virtual directory: /reports=/srv/reports; repeat for more; none.");

        public void AddTo(Command command)
        {
            Option[] options = [_quotaBytes, _quotaFiles, _uploadRate, _downloadRate, _allowFrom, _denyFrom, _maxSessions, _overwrite, _noOverwrite, _denyCommands, _tlsControl, _tlsData, _mounts];
            foreach (var option in options)
            {
                command.Add(option);
            }
        }

        public AccountSettingsInput Get(ParseResult parseResult)
        {
            var overwrite = parseResult.GetValue(_overwrite);
            var noOverwrite = parseResult.GetValue(_noOverwrite);
            if (overwrite && noOverwrite)
            {
                throw new UsageException("--overwrite and --no-overwrite contradict each other: give one.");
            }

            return new AccountSettingsInput(
                QuotaBytes: parseResult.GetValue(_quotaBytes),
                QuotaFiles: parseResult.GetValue(_quotaFiles),
                UploadRate: parseResult.GetValue(_uploadRate),
                DownloadRate: parseResult.GetValue(_downloadRate),
                AllowFrom: [.. parseResult.GetValue(_allowFrom) ?? []],
                DenyFrom: [.. parseResult.GetValue(_denyFrom) ?? []],
                MaxSessions: parseResult.GetValue(_maxSessions),
                Overwrite: overwrite ? true : noOverwrite ? false : null,
                DenyCommands: [.. parseResult.GetValue(_denyCommands) ?? []],
                TlsControl: parseResult.GetValue(_tlsControl),
                TlsData: parseResult.GetValue(_tlsData),
                Mounts: [.. parseResult.GetValue(_mounts) ?? []]);
        }

        private static Option<string> Text(string name, string helpName, string description) =>
            new(name) { HelpName = helpName, Description = description };

        private static Option<string[]> List(string name, string helpName, string description) =>
            new(name) { HelpName = helpName, Description = description, AllowMultipleArgumentsPerToken = false, Arity = ArgumentArity.OneOrMore };
    }

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
