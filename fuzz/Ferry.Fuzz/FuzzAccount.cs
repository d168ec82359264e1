using System.Collections.Immutable;
using Ferry.Core.Access;
using Ferry.Core.Identity;

namespace Ferry.Fuzz;

/// <summary>
/// The one account the whole-engine targets (FTP's session, WebDAV's server) sign in with: its name
/// is its password, it may do everything in its in-memory tree, and its hash is cheap, since
/// hashing is the slow part of a logon and every run signs in again.
/// </summary>
internal static class FuzzAccount
{
    public const string User = "fuzz";

    private static readonly Pbkdf2PasswordHasher Hasher = new(new PasswordHashOptions { Iterations = 1_000 });

    private static readonly string PasswordHash = Hasher.Hash(User);

    /// <summary>A login policy over just this account; <paramref name="options"/> say how it treats failures and anonymous names.</summary>
    public static LoginPolicy Login(LoginPolicyOptions options, TimeProvider time) =>
        new(new InMemoryAccountStore([new Account(User, PasswordHash, "/", Permissions.All, ImmutableArray<FolderPermission>.Empty)]),
            Hasher, options, new FailureTracker(new BanOptions(), time), time);
}
