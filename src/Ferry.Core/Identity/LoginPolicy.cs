using System.Collections.Immutable;
using System.Net;
using System.Security.Cryptography;
using Ferry.Core.Access;

namespace Ferry.Core.Identity;

/// <summary>
/// Checks a name and password: equal answers for unknown users and wrong passwords, delayed
/// failures, refusal of banned addresses before any hashing, anonymous access when configured.
/// Every check is counted on the ban list when it starts, and the slow hash is taken in turns that
/// client addresses share fairly (<see cref="FairScheduler"/>), so a flood of guesses from some
/// addresses does not delay a logon from another. Protocols reach it through
/// <see cref="AccessService"/>, the one gate.
/// </summary>
public sealed class LoginPolicy
{
    private readonly IAccountStore _store;
    private readonly IPasswordHasher _hasher;
    private readonly LoginPolicyOptions _options;
    private readonly TimeProvider _time;
    private readonly FailureTracker _failures;
    private readonly VerifiedLogonCache _verified;

    // Identical logons from one address that arrive while one is being checked wait for that check
    // instead of queueing their own, and count as one attempt: keyed by the address's ban-list key,
    // name, stored hash and password digest. The address is part of the key so that a check always
    // waits in its own address's queue, never in another's.
    private readonly SingleFlight<(IPAddress Address, string Name, string? StoredHash, string Digest), Check> _checks = new();

    private readonly FairScheduler _hashTurns;

    // An unknown name is checked against this so that it costs what a known name costs. Made on first
    // need by the same hasher, so it has the same cost as real hashes, and from a random password so
    // that no password matches it.
    private readonly Lazy<string> _dummyHash;

    /// <param name="failures">The ban list, shared with every other user of it (one per process).</param>
    public LoginPolicy(IAccountStore store, IPasswordHasher hasher, LoginPolicyOptions options, FailureTracker failures, TimeProvider time)
        : this(store, hasher, options, failures, time, hashTurns: null)
    {
    }

    private LoginPolicy(IAccountStore store, IPasswordHasher hasher, LoginPolicyOptions options, FailureTracker failures, TimeProvider time, FairScheduler? hashTurns)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(failures);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentHashes, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPendingHashesPerAddress, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FailureDelay, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.LogonCacheLifetime, TimeSpan.Zero, nameof(options));
        _store = store;
        _hasher = hasher;
        _options = options;
        _time = time;
        _failures = failures;
        _verified = new VerifiedLogonCache(options.LogonCacheLifetime, time);
        _hashTurns = hashTurns ?? new FairScheduler(options.MaxConcurrentHashes, options.MaxPendingHashesPerAddress);
        _dummyHash = new Lazy<string>(() => hasher.Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
    }

    /// <summary>
    /// A policy over other accounts (a virtual site's) that shares this one's ban list and its turns at
    /// the hash, so that the server's bound on concurrent hashing and its fairness between addresses
    /// hold across every site. Remembered logons are not shared: they are per account store.
    /// </summary>
    public LoginPolicy WithAccounts(IAccountStore store, LoginPolicyOptions options) =>
        new(store, _hasher, options, _failures, _time, _hashTurns);

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

    /// <summary>
    /// The enabled account a logon under <paramref name="userName"/> would reach, looked up without
    /// any password check; null for anonymous, an invalid name, an unknown or a disabled account. For
    /// the account's own rules that apply before a password is checked (see <see cref="AccessService"/>).
    /// </summary>
    public async ValueTask<Account?> FindEnabledAsync(string userName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userName);
        if (IsAnonymous(userName) || !AccountName.IsValid(userName))
        {
            return null;
        }

        var account = await _store.FindAsync(userName, cancellationToken).ConfigureAwait(false);
        return account is { Enabled: true } ? account : null;
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
        var check = _verified.Enabled
            ? await VerifyRememberingAsync(request, account, cancellationToken).ConfigureAwait(false)
            : await CheckCountedAsync(request.ClientAddress, request.Password, account, cancellationToken).ConfigureAwait(false);
        if (check == Check.Refused)
        {
            return LoginResult.Throttled;
        }

        if (check == Check.Busy)
        {
            return LoginResult.Busy;
        }

        // A disabled account fails like a wrong password, so the answer does not reveal that it exists.
        if (account is not null && account.Enabled && check == Check.Match)
        {
            // Success gives back only its own attempt: one valid account must not reset the count an
            // attacker runs up guessing others.
            return new LoginResult(LoginOutcome.Success, account);
        }

        await Task.Delay(_options.FailureDelay, _time, cancellationToken).ConfigureAwait(false);
        return LoginResult.Rejected;
    }

    /// <summary>
    /// A remembered success answers at once, uncounted; otherwise one counted, scheduled check per
    /// distinct (address, name, stored hash, password) runs, shared by everyone asking the same, and a
    /// success is remembered. Unknown names share checks too, so a burst costs the same whether the
    /// name exists or not.
    /// </summary>
    private async Task<Check> VerifyRememberingAsync(LoginRequest request, Account? account, CancellationToken cancellationToken)
    {
        var digest = _verified.Digest(request.Password);
        if (account is not null && _verified.IsVerified(account, digest))
        {
            return Check.Match;
        }

        var key = (FailureTracker.KeyOf(request.ClientAddress), account?.Name ?? request.UserName, account?.PasswordHash, Convert.ToBase64String(digest));
        return await _checks.RunAsync(
            key,
            async token =>
            {
                var check = await CheckCountedAsync(request.ClientAddress, request.Password, account, token).ConfigureAwait(false);
                if (check == Check.Match && account is { Enabled: true })
                {
                    // Before the shared result is published, so that later logons find it.
                    _verified.Remember(account, digest);
                }

                return check;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One password check: counted on the ban list before it starts (refused if the address is banned),
    /// then run in the address's turn at the hash (busy if the address has too many checks queued).
    /// The count is given back only when the account logs on.
    /// </summary>
    private async Task<Check> CheckCountedAsync(IPAddress address, string password, Account? account, CancellationToken cancellationToken)
    {
        if (_failures.TryBeginAttempt(address) is not { } attempt)
        {
            return Check.Refused;
        }

        // Cancelled while waiting (the client went away), the attempt stays counted: abandoning
        // guesses must not be a way around the count.
        // The address's standing on the ban list orders its turn: a flood waits behind clean addresses.
        var turn = await _hashTurns.WaitTurnAsync(FailureTracker.KeyOf(address), attempt.Standing, cancellationToken).ConfigureAwait(false);
        if (turn is null)
        {
            attempt.Failed();
            return Check.Busy;
        }

        bool matches;
        using (turn)
        {
            matches = await VerifyOnThreadPoolAsync(password, account?.PasswordHash, cancellationToken).ConfigureAwait(false);
        }

        if (matches && account is { Enabled: true })
        {
            attempt.Succeeded();
        }
        else
        {
            attempt.Failed();
        }

        return matches ? Check.Match : Check.NoMatch;
    }

    private Task<bool> VerifyOnThreadPoolAsync(string password, string? hash, CancellationToken cancellationToken) =>
        // On the thread pool: the caller may be an I/O completion, which must not compute for 100 ms.
        Task.Run(
            () =>
            {
                var result = _hasher.Verify(password, hash ?? _dummyHash.Value);
                return hash is not null && result;
            },
            cancellationToken);

    private static Account AnonymousAccount(string home) =>
        new("anonymous", PasswordHash: "", home, Permissions.ReadOnly, ImmutableArray<FolderPermission>.Empty);

    private enum Check
    {
        Match,
        NoMatch,

        /// <summary>Not checked: the address is banned.</summary>
        Refused,

        /// <summary>Not checked: the address has as many checks queued as it may.</summary>
        Busy,
    }
}
