using System.Collections.Immutable;
using Ferry.Configuration;
using Ferry.Core.Identity;

namespace Ferry.Serving;

/// <summary>
/// On the very first run, with no account anywhere, Ferry creates one so that `ferry serve` works at
/// once. Its password is shown once on an interactive terminal and written to a file only the
/// owner can read; the store keeps only the hash.
/// </summary>
public static class FirstAccount
{
    public const string Name = "admin";
    public const string PasswordFileName = "initial-password.txt";

    public static async Task EnsureAsync(IAccountStore store, IPasswordHasher hasher, FerrySettings settings, ILogger logger)
    {
        var existing = await store.ListAsync(CancellationToken.None).ConfigureAwait(false);
        if (existing.Count > 0)
        {
            return;
        }

        var password = PasswordSource.Generate();
        var account = new Account(Name, hasher.Hash(password), "", Permissions.All, ImmutableArray<FolderPermission>.Empty);
        await store.AddAsync(account, CancellationToken.None).ConfigureAwait(false);
        var file = Path.Combine(settings.DataDirectory, PasswordFileName);
        PasswordSource.WriteOwnerOnly(file, $"user: {Name}\npassword: {password}\n");
        logger.LogWarning("Created the first account '{User}'. Its password is in {File} (readable only by you); change it with 'ferry account passwd {User}'", Name, file, Name);
        if (!Console.IsOutputRedirected)
        {
            // Shown once, on a terminal only: a redirected console usually ends up in a log file.
            Console.WriteLine($"\n  First account: user '{Name}', password '{password}'\n  (also saved in {file})\n");
        }
    }
}
