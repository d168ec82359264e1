using System.Diagnostics.CodeAnalysis;
using Ferry.Core.Access.Locks;
using Ferry.Core.Files;
using Ferry.Core.Identity;

namespace Ferry.Core.Access;

/// <summary>Why a logon was refused, in words no protocol owns; each protocol maps them to its replies in one place.</summary>
public enum AccessRefusal
{
    /// <summary>Unknown name, wrong password or disabled account: protocols answer all three alike.</summary>
    BadCredentials,

    /// <summary>The client's address is on the ban list (too many failed logons); no password was checked.</summary>
    Banned,

    /// <summary>The client's address has as many password checks waiting as it may; not a ban, it may try again shortly.</summary>
    Busy,

    /// <summary>The account has as many sessions as it may.</summary>
    TooManySessions,

    /// <summary>The endpoint demands TLS for this logon and the channel is in the clear.</summary>
    TlsRequired,

    /// <summary>The credentials were right but the account's home cannot be opened: the administrator must act.</summary>
    HomeUnavailable,

    /// <summary>
    /// The client's address is not admitted: by the server's rules, or by the account's AllowFrom and
    /// DenyFrom (<see cref="Identity.AccountPolicy.Addresses"/>). Decided before any password check,
    /// so that from such an address the account cannot be used to test passwords.
    /// </summary>
    AddressDenied,

    /// <summary>The account (not the endpoint) demands TLS for its logon and the channel is in the clear; decided before the password is sent.</summary>
    AccountTlsRequired,
}

/// <summary>A signed-in account: who it is, its files, where they sit in the lock table, and whether it is the anonymous logon.</summary>
public sealed record AccessGrant(Account Account, FileService Files, LockSite Locks, bool Anonymous);

/// <summary>A grant or a refusal.</summary>
public sealed class AccessResult
{
    private AccessResult(AccessGrant? grant, AccessRefusal? refusal, string? detail)
    {
        Grant = grant;
        Refusal = refusal;
        Detail = detail;
    }

    public AccessGrant? Grant { get; }

    public AccessRefusal? Refusal { get; }

    /// <summary>What went wrong, for the server's log only (a storage error, a limit); never sent to a client.</summary>
    public string? Detail { get; }

    [MemberNotNullWhen(true, nameof(Grant))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool Granted => Grant is not null;

    public static AccessResult Allow(AccessGrant grant) => new(grant ?? throw new ArgumentNullException(nameof(grant)), null, null);

    public static AccessResult Refuse(AccessRefusal refusal, string? detail = null) => new(null, refusal, detail);

    public override string ToString() => Granted ? $"Granted {{ {Grant.Account} }}" : $"Refused {{ {Refusal}{(Detail is null ? "" : ": " + Detail)} }}";
}
