using System.Collections.Immutable;
using Ferry.Cli;
using Ferry.Configuration;
using Ferry.Core.Identity;
using Ferry.Serving;

namespace Ferry.Accounts;

/// <summary>`ferry account add|list|passwd|remove`: manage the embedded account store without editing hashes.</summary>
public static class AccountCommand
{
    private static readonly string[] CommonFlags = ["data", "config"];
    private static readonly string[] PasswordFlags = ["password-env", "password-file", "generate"];

    public static async Task<int> RunAsync(IReadOnlyList<string> words, CommandLine commandLine)
    {
        if (commandLine.Has("help") || commandLine.Has("h") || words.Count == 0)
        {
            Console.WriteLine(Usage.Account);
            return words.Count == 0 && !commandLine.Has("help") && !commandLine.Has("h") ? 2 : 0;
        }

        var settings = ConfigurationCheck.Load(commandLine.LoadConfiguration());
        var hasher = new Pbkdf2PasswordHasher(settings.Hashing);
        if (words is ["hash"])
        {
            // No store is touched: the hash is for an account kept in ferry.json.
            commandLine.RequireOnly([.. CommonFlags, .. PasswordFlags]);
            return PrintHash(hasher, commandLine);
        }

        using var store = await AccountStores.OpenEmbeddedAsync(settings);
        switch (words)
        {
            case ["add", var name]:
                commandLine.RequireOnly([.. CommonFlags, .. PasswordFlags, "home", "permissions"]);
                return await AddAsync(store, hasher, name, commandLine);
            case ["list"]:
                commandLine.RequireOnly(CommonFlags);
                return await ListAsync(store);
            case ["passwd", var name]:
                commandLine.RequireOnly([.. CommonFlags, .. PasswordFlags]);
                ValidateName(name);
                return await PasswdAsync(store, hasher, name, commandLine);
            case ["remove", var name]:
                commandLine.RequireOnly(CommonFlags);
                return await RemoveAsync(store, name);
            default:
                throw new UsageException("Unknown account command. Use 'ferry account --help'.");
        }
    }

    private static async Task<int> AddAsync(IAccountStore store, IPasswordHasher hasher, string name, CommandLine commandLine)
    {
        ValidateName(name);
        if (await store.FindAsync(name, CancellationToken.None) is not null)
        {
            Console.Error.WriteLine($"ferry: an account named '{name}' already exists; use 'ferry account passwd {name}' to change its password.");
            return 1;
        }

        var permissionsText = commandLine.Get("permissions") ?? "all";
        if (!PermissionsText.TryParse(permissionsText, out var permissions, out var error))
        {
            throw new UsageException($"--permissions: {error}");
        }

        var home = commandLine.Get("home") ?? name;
        if (HomeFolder.Problem(home) is { } homeProblem)
        {
            throw new UsageException($"--home: {homeProblem}");
        }

        var (password, generated) = ReadPassword(commandLine, name);
        var account = new Account(name, hasher.Hash(password), home, permissions, ImmutableArray<FolderPermission>.Empty);
        await store.AddAsync(account, CancellationToken.None);
        Console.WriteLine($"Added account '{name}' (home: {account.HomeDirectory}, rights: {PermissionsText.Format(permissions)}).");
        if (generated)
        {
            Console.WriteLine($"Password: {password}");
        }

        return 0;
    }

    private static async Task<int> RemoveAsync(IAccountStore store, string name)
    {
        // Tried even for an invalid name: an older Ferry may have stored one, and removing it only
        // takes access away. When there is none, the rule is the useful answer.
        if (await store.RemoveAsync(name, CancellationToken.None))
        {
            Console.WriteLine($"Removed account '{name}'. Its files were left in place.");
            return 0;
        }

        ValidateName(name);
        Console.Error.WriteLine($"ferry: no account named '{name}'.");
        return 1;
    }

    private static int PrintHash(IPasswordHasher hasher, CommandLine commandLine)
    {
        var (password, generated) = ReadPassword(commandLine, "the hash");
        if (generated)
        {
            // On standard error, so that standard output is the hash alone.
            Console.Error.WriteLine($"Password: {password}");
        }

        Console.WriteLine(hasher.Hash(password));
        return 0;
    }

    private static async Task<int> ListAsync(IAccountStore store)
    {
        var accounts = await store.ListAsync(CancellationToken.None);
        if (accounts.Count == 0)
        {
            Console.WriteLine("No accounts in the embedded store.");
            return 0;
        }

        Console.WriteLine($"{"NAME",-24} {"ENABLED",-8} {"HOME",-30} RIGHTS");
        foreach (var account in accounts.OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase))
        {
            Console.WriteLine($"{account.Name,-24} {(account.Enabled ? "yes" : "no"),-8} {account.HomeDirectory,-30} {PermissionsText.Format(account.DefaultPermissions)}");
        }

        return 0;
    }

    private static async Task<int> PasswdAsync(IAccountStore store, IPasswordHasher hasher, string name, CommandLine commandLine)
    {
        var account = await store.FindAsync(name, CancellationToken.None);
        if (account is null)
        {
            Console.Error.WriteLine($"ferry: no account named '{name}'.");
            return 1;
        }

        var (password, generated) = ReadPassword(commandLine, name);
        await store.UpdateAsync(account with { PasswordHash = hasher.Hash(password) }, CancellationToken.None);
        Console.WriteLine($"Changed the password of '{account.Name}'.");
        if (generated)
        {
            Console.WriteLine($"Password: {password}");
        }

        return 0;
    }

    private static (string Password, bool Generated) ReadPassword(CommandLine commandLine, string name)
    {
        if (commandLine.Get("password-env") is { } variable)
        {
            return (PasswordSource.Resolve("env:" + variable, $"account {name}"), false);
        }

        if (commandLine.Get("password-file") is { } file)
        {
            return (PasswordSource.FromFile(file, $"account {name}"), false);
        }

        if (commandLine.Has("generate") || Console.IsInputRedirected)
        {
            return (PasswordSource.Generate(), true);
        }

        var first = Prompt($"Password for {name}: ");
        var second = Prompt("Again: ");
        if (first != second)
        {
            throw new UsageException("The two passwords differ.");
        }

        return first.Length > 0 ? (first, false) : throw new UsageException("The password is empty.");
    }

    /// <summary>Reads a line without echoing it.</summary>
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

    private static void ValidateName(string name)
    {
        if (AccountName.Problem(name) is { } problem)
        {
            throw new UsageException(problem);
        }
    }
}
