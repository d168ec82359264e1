using System.Collections.Immutable;
using Ferry.Accounts.Sql;
using Ferry.Cli;
using Ferry.Configuration;
using Ferry.Core.Identity;
using Ferry.Serving;

namespace Ferry.Accounts;

/// <summary>
/// `ferry account add|list|passwd|set|remove|hash`: manage the embedded account store without editing
/// hashes. Accounts written in the configuration file are shown but never changed here: the file
/// is the administrator's, and a server reads its accounts before the embedded store's.
/// </summary>
public static class AccountCommand
{
    public static async Task<int> AddAsync(AccountContext context, string name, string? home, string? permissionsText, PasswordInput password, AccountSettingsInput? settings = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(password);
        settings ??= new AccountSettingsInput();
        ValidateName(name);
        if (context.FileAccount(name) is { } defined)
        {
            Console.Error.WriteLine($"ferry: an account named '{defined.Name}' is already defined in {context.FileName}; "
                + $"the server would use that one and ignore a second with the same name. Choose another name, or change it in {context.FileName}.");
            return ExitCodes.Failed;
        }

        if (!PermissionsText.TryParse(permissionsText ?? "all", out var permissions, out var error))
        {
            throw new UsageException($"--permissions: {error}");
        }

        home ??= name;
        if (HomeFolder.Problem(home) is { } homeProblem)
        {
            throw new UsageException($"--home: {homeProblem}");
        }

        var (limits, policy, mounts) = settings.Apply(AccountLimits.None, AccountPolicy.Default, [], context.Settings.Tls.Enabled);

        using var store = await AccountStores.OpenEmbeddedAsync(context.Settings);
        if (await store.FindAsync(name, CancellationToken.None) is not null)
        {
            Console.Error.WriteLine($"ferry: an account named '{name}' already exists; use 'ferry account passwd {name}' to change its password.");
            return ExitCodes.Failed;
        }

        var (secret, generated) = password.Read($"account {name}", Console.In, !Console.IsInputRedirected);
        var account = new Account(name, context.Hasher.Hash(secret), home, permissions, ImmutableArray<FolderPermission>.Empty)
        {
            Limits = limits,
            Policy = policy,
            Mounts = mounts,
        };
        await store.AddAsync(account, CancellationToken.None);
        Console.WriteLine($"Added account '{name}' (home: {account.HomeDirectory}, rights: {PermissionsText.Format(permissions)}, "
            + $"settings: {AccountSettingsSummary.Describe(limits, policy, mounts)}).");
        if (generated)
        {
            Console.WriteLine($"Password: {secret}");
        }

        return ExitCodes.Ok;
    }

    public static async Task<int> ListAsync(AccountContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var store = await AccountStores.OpenEmbeddedAsync(context.Settings);
        var embedded = await store.ListAsync(CancellationToken.None);
        var rows = context.Settings.Accounts.Select(a => (Account: a, Source: context.FileName))
            .Concat(embedded.Select(a => (Account: a, Source: context.FileAccount(a.Name) is null ? "embedded" : $"embedded (unused: {context.FileName} has this name)")))
            .ToList();
        if (rows.Count == 0)
        {
            Console.WriteLine($"No accounts in the embedded store or in {context.FileName}.");
            return ExitCodes.Ok;
        }

        Console.WriteLine($"{"NAME",-24} {"SOURCE",-12} {"ENABLED",-8} {"HOME",-30} {"RIGHTS",-30} SETTINGS");
        foreach (var (account, source) in rows.OrderBy(r => r.Account.Name, StringComparer.OrdinalIgnoreCase))
        {
            Console.WriteLine($"{account.Name,-24} {source,-12} {(account.Enabled ? "yes" : "no"),-8} {account.HomeDirectory,-30} "
                + $"{PermissionsText.Format(account.DefaultPermissions),-30} {AccountSettingsSummary.Describe(account.Limits, account.Policy, account.Mounts)}");
        }

        return ExitCodes.Ok;
    }

    public static async Task<int> PasswdAsync(AccountContext context, string name, PasswordInput password)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(password);
        ValidateName(name);
        return await ChangeEmbeddedAsync(context, name, "edit its PasswordHash there (make one with 'ferry account hash')", async (store, account) =>
        {
            var (secret, generated) = password.Read($"account {name}", Console.In, !Console.IsInputRedirected);

            // An account without a password (made disabled by `ferry import iis`) is enabled by its first
            // one: that is the step the import asks for. A disabled account that had a password stays disabled.
            var enable = !account.Enabled && account.PasswordHash.Length == 0;
            await store.UpdateAsync(account with { PasswordHash = context.Hasher.Hash(secret), Enabled = account.Enabled || enable }, CancellationToken.None);
            Console.WriteLine(enable
                ? $"Set the first password of '{account.Name}' and enabled it."
                : $"Changed the password of '{account.Name}'.");
            if (generated)
            {
                Console.WriteLine($"Password: {secret}");
            }

            return ExitCodes.Ok;
        });
    }

    /// <summary>
    /// Changes an embedded account's limits and policy. The store is read at every logon, so a running
    /// server applies them from the account's next logon; sessions already signed in keep the account
    /// they logged on with until they end.
    /// </summary>
    public static async Task<int> SetAsync(AccountContext context, string name, AccountSettingsInput settings, bool? enabled = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        ValidateName(name);
        if (!settings.Any && enabled is null)
        {
            throw new UsageException("Nothing to change: give at least one option (see 'ferry account set --help').");
        }

        return await ChangeEmbeddedAsync(context, name, "edit its keys there", async (store, account) =>
        {
            if (enabled == true && account.PasswordHash.Length == 0)
            {
                Console.Error.WriteLine($"ferry: '{account.Name}' has no password yet, so it could not log on: 'ferry account passwd {account.Name}' sets one and enables it.");
                return ExitCodes.Failed;
            }

            var (limits, policy, mounts) = settings.Apply(account.Limits, account.Policy, account.Mounts, context.Settings.Tls.Enabled);
            var changed = account with { Limits = limits, Policy = policy, Mounts = mounts, Enabled = enabled ?? account.Enabled };
            await store.UpdateAsync(changed, CancellationToken.None);
            Console.WriteLine($"Changed '{account.Name}': {(changed.Enabled ? "enabled" : "disabled")}, {AccountSettingsSummary.Describe(limits, policy, mounts)}. "
                + "New logons use it; open sessions keep what they logged on with.");
            return ExitCodes.Ok;
        });
    }

    /// <summary>
    /// The part every change of one embedded account shares: an account of the configuration file is
    /// refused with <paramref name="fileAdvice"/> (what to edit there instead), an unknown name is
    /// refused, and otherwise <paramref name="change"/> runs with the open store and the account.
    /// </summary>
    private static async Task<int> ChangeEmbeddedAsync(AccountContext context, string name, string fileAdvice, Func<SqliteAccountStore, Account, Task<int>> change)
    {
        if (context.FileAccount(name) is { } defined)
        {
            Console.Error.WriteLine($"ferry: the account '{defined.Name}' is defined in {context.FileName}: {fileAdvice}; "
                + "this command changes only the embedded store.");
            return ExitCodes.Failed;
        }

        using var store = await AccountStores.OpenEmbeddedAsync(context.Settings);
        var account = await store.FindAsync(name, CancellationToken.None);
        if (account is null)
        {
            Console.Error.WriteLine($"ferry: no account named '{name}'.");
            return ExitCodes.Failed;
        }

        return await change(store, account);
    }

    public static async Task<int> RemoveAsync(AccountContext context, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var store = await AccountStores.OpenEmbeddedAsync(context.Settings);
        if (context.FileAccount(name) is { } defined)
        {
            // An embedded account of the same name (added before add refused such names) is never
            // used; removing it takes nothing away, and the file's account stays until the file changes.
            var shadowRemoved = await store.RemoveAsync(name, CancellationToken.None);
            Console.Error.WriteLine($"ferry: the account '{defined.Name}' is defined in {context.FileName}: edit {context.FileName} to remove it"
                + (shadowRemoved ? " (an unused embedded account of the same name was removed)." : "."));
            return ExitCodes.Failed;
        }

        // Tried even for an invalid name: an older Ferry may have stored one, and removing it only
        // takes access away. When there is none, the rule is the useful answer.
        if (await store.RemoveAsync(name, CancellationToken.None))
        {
            Console.WriteLine($"Removed account '{name}'. Its files were left in place.");
            return ExitCodes.Ok;
        }

        ValidateName(name);
        Console.Error.WriteLine($"ferry: no account named '{name}'.");
        return ExitCodes.Failed;
    }

    /// <summary>A hash for "PasswordHash" in the configuration file; no store is touched.</summary>
    public static int Hash(AccountContext context, PasswordInput password)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(password);
        var (secret, generated) = password.Read("the hash", Console.In, !Console.IsInputRedirected);
        if (generated)
        {
            // On standard error, so that standard output is the hash alone.
            Console.Error.WriteLine($"Password: {secret}");
        }

        Console.WriteLine(context.Hasher.Hash(secret));
        return ExitCodes.Ok;
    }

    private static void ValidateName(string name)
    {
        if (AccountName.Problem(name) is { } problem)
        {
            throw new UsageException(problem);
        }
    }
}
