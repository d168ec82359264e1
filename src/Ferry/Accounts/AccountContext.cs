using Ferry.Configuration;
using Ferry.Core.Identity;

namespace Ferry.Accounts;

/// <summary>What every `ferry account` command works with: the settings and what to call their file.</summary>
/// <param name="FileName">The configuration file as messages name it: ferry.json, or --config's file.</param>
public sealed record AccountContext(FerrySettings Settings, string FileName)
{
    public IPasswordHasher Hasher { get; } = new Pbkdf2PasswordHasher(Settings.Hashing);

    /// <summary>The configuration file's account of this name; names compare as the stores do, ignoring case.</summary>
    public Account? FileAccount(string name) =>
        Settings.Accounts.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));
}
