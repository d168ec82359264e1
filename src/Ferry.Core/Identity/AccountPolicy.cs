using System.Collections.Immutable;
using Ferry.Core.Access;

namespace Ferry.Core.Identity;

/// <summary>
/// What an administrator restricts for one account beyond its folder rights: where it may log on
/// from, how many sessions it may hold, whether its uploads may replace files, FTP commands it may
/// not use, and the TLS it needs. Every protocol obeys it through <see cref="AccessService"/> (logon)
/// and <see cref="Files.FileService"/> (files); the FTP command list is FTP's alone.
/// </summary>
public sealed record AccountPolicy
{
    /// <summary>No restriction beyond the server's own.</summary>
    public static AccountPolicy Default { get; } = new();

    /// <summary>Addresses the account may log on from (its AllowFrom and DenyFrom); checked before the password.</summary>
    public AddressRules Addresses { get; init; } = AddressRules.Any;

    /// <summary>Sessions signed in as the account at once; null: the server's per-account limit.</summary>
    public int? MaxSessions { get; init; }

    /// <summary>
    /// False for a drop box: an upload never changes a file that exists (STOR, APPE, REST + STOR and
    /// PUT onto it are refused, a rename or copy never replaces one); new files are still written.
    /// </summary>
    public bool Overwrite { get; init; } = true;

    /// <summary>FTP verbs (upper case) refused for this account after logon, whatever its rights.</summary>
    public ImmutableArray<string> DeniedCommands { get; init; } = [];

    public TlsPolicy Tls { get; init; } = TlsPolicy.Allow;

    /// <summary>True when <paramref name="verb"/> (compared without regard to case) is in <see cref="DeniedCommands"/>.</summary>
    public bool DeniesCommand(string verb)
    {
        ArgumentNullException.ThrowIfNull(verb);
        if (DeniedCommands.IsDefaultOrEmpty)
        {
            return false;
        }

        foreach (var denied in DeniedCommands)
        {
            if (string.Equals(denied, verb, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Value by value: a reload compares policies, and a record would compare the command list by reference.</summary>
    public bool Equals(AccountPolicy? other) =>
        other is not null && Addresses == other.Addresses && MaxSessions == other.MaxSessions && Overwrite == other.Overwrite
        && Tls == other.Tls && Commands(DeniedCommands).SequenceEqual(Commands(other.DeniedCommands), StringComparer.OrdinalIgnoreCase);

    public override int GetHashCode() => HashCode.Combine(Addresses, MaxSessions, Overwrite, Tls, Commands(DeniedCommands).Count());

    private static IEnumerable<string> Commands(ImmutableArray<string> commands) => commands.IsDefault ? [] : commands;
}
