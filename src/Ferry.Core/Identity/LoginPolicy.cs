using System.Collections.Immutable;
using System.Security.Cryptography;
using Ferry.Core.Access;

namespace Ferry.Core.Identity;

/// <summary>
/// Checks a name and password: bounded hashing, equal answers for unknown users and wrong
/// passwords, delayed failures, refusal of banned addresses before any hashing, anonymous access
/// when configured. Protocols reach it through <see cref="AccessService"/>, the one gate.
/// </summary>
public sealed class LoginPolicy
{
    private readonly IAccountStore _store;
    private readonly IPasswordHasher _hasher;
    private readonly LoginPolicyOptions _options;
    private readonly TimeProvider _time;
    private readonly FailureTracker _failures;
    private readonly VerifiedLogonCache _verified;

    // Identical logons that arrive while one is being checked wait for that check instead of
    // queueing their own: keyed by name, stored hash and password digest.
    private readonly SingleFlight<(string Name, string? StoredHash, string Digest), bool> _checks = new();

    // Never disposed: SemaphoreSlim holds nothing unmanaged unless AvailableWaitHandle is used.
    private readonly SemaphoreSlim _hashSlots;

    // An unknown name is checked against this so that it costs what a known name costs. Made on first
    // need by the same hasher, so it has the same cost as real hashes, and from a random password so
    // that no password matches it.
    private readonly Lazy<string> _dummyHash;

    /// <param name="failures">The ban list, shared with every other user of it (one per process).</param>
    public LoginPolicy(IAccountStore store, IPasswordHasher hasher, LoginPolicyOptions options, FailureTracker failures, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(failures);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentHashes, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FailureDelay, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.LogonCacheLifetime, TimeSpan.Zero, nameof(options));
        _store = store;
        _hasher = hasher;
        _options = options;
        _time = time;
        _failures = failures;
        _verified = new VerifiedLogonCache(options.LogonCacheLifetime, time);
        _hashSlots = new SemaphoreSlim(options.MaxConcurrentHashes, options.MaxConcurrentHashes);
        _dummyHash = new Lazy<string>(() => hasher.Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
    }

    /// <summary>The ban list this policy counts failures in and refuses banned addresses by.</summary>
    public FailureTracker Bans => _failures;

    /// <summary>
    /// The one place that decides whether a logon is anonymous: anonymous logon is configured
    /// (<see cref="LoginPolicyOptions.AnonymousHome"/> is set) and the name is one of
    /// <see cref="LoginPolicyOptions.AnonymousNames"/>.
    /// </summary>
    public bool IsAnonymous(string userName)
    {
        ArgumentNullException.ThrowIfNull(userName);
        if (_options.AnonymousHome is null)
        {
            return false;
        }

        foreach (var name in _options.AnonymousNames)
        {
            if (string.Equals(userName, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public async ValueTask<LoginResult> LoginAsync(LoginRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Before any hashing: a throttled address must not be able to spend our CPU.
        if (_failures.IsBanned(request.ClientAddress))
        {
            return LoginResult.Throttled;
        }

        if (IsAnonymous(request.UserName))
        {
            // The password is an e-mail address by convention and proves nothing, so it is not checked.
            return new LoginResult(LoginOutcome.Success, AnonymousAccount(_options.AnonymousHome!));
        }

        // A name that breaks the account-name rule ("..", "/etc") can name no account: it never reaches
        // a store (or, through a home folder, a path) and fails like an unknown name, dummy hash included.
        var account = AccountName.IsValid(request.UserName)
            ? await _store.FindAsync(request.UserName, cancellationToken).ConfigureAwait(false)
            : null;
        var matches = _verified.Enabled
            ? await VerifyRememberingAsync(request, account, cancellationToken).ConfigureAwait(false)
            : await VerifyBoundedAsync(request.Password, account?.PasswordHash, cancellationToken).ConfigureAwait(false);

        // A disabled account fails like a wrong password, so the answer does not reveal that it exists.
        if (account is not null && account.Enabled && matches)
        {
            // Success does not clear the address's failures: one valid account must not reset the
            // count an attacker runs up guessing others.
            return new LoginResult(LoginOutcome.Success, account);
        }

        _failures.RecordFailure(request.ClientAddress);
        await Task.Delay(_options.FailureDelay, _time, cancellationToken).ConfigureAwait(false);
        return LoginResult.Rejected;
    }

    /// <summary>
    /// A remembered success answers at once; otherwise one bounded check per distinct (name, stored
    /// hash, password) runs, shared by everyone asking the same, and a success is remembered.
    /// Unknown names share checks too, so a burst costs the same whether the name exists or not.
    /// </summary>
    private async Task<bool> VerifyRememberingAsync(LoginRequest request, Account? account, CancellationToken cancellationToken)
    {
        var digest = _verified.Digest(request.Password);
        if (account is not null && _verified.IsVerified(account, digest))
        {
            return true;
        }

        var key = (account?.Name ?? request.UserName, account?.PasswordHash, Convert.ToBase64String(digest));
        return await _checks.RunAsync(
            key,
            async token =>
            {
                var matches = await VerifyBoundedAsync(request.Password, account?.PasswordHash, token).ConfigureAwait(false);
                if (matches && account is { Enabled: true })
                {
                    // Before the shared result is published, so that later logons find it.
                    _verified.Remember(account, digest);
                }

                return matches;
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> VerifyBoundedAsync(string password, string? hash, CancellationToken cancellationToken)
    {
        await _hashSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // On the thread pool: the caller may be an I/O completion, which must not compute for 100 ms.
            return await Task.Run(
                () =>
                {
                    var result = _hasher.Verify(password, hash ?? _dummyHash.Value);
                    return hash is not null && result;
                },
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _hashSlots.Release();
        }
    }

    private static Account AnonymousAccount(string home) =>
        new("anonymous", PasswordHash: "", home, Permissions.ReadOnly, ImmutableArray<FolderPermission>.Empty);
}
