using System.Collections.Immutable;
using System.Security.Cryptography;

namespace Ferry.Core.Identity;

/// <summary>
/// The one gate every protocol passes to log a user on: bounded hashing, equal answers for unknown
/// users and wrong passwords, delayed failures, anonymous access when configured.
/// </summary>
public sealed class LoginPolicy
{
    private readonly IAccountStore _store;
    private readonly IPasswordHasher _hasher;
    private readonly LoginPolicyOptions _options;
    private readonly TimeProvider _time;
    private readonly FailureTracker _failures;

    // Never disposed: SemaphoreSlim holds nothing unmanaged unless AvailableWaitHandle is used.
    private readonly SemaphoreSlim _hashSlots;

    // An unknown name is checked against this so that it costs what a known name costs. Made on first
    // need by the same hasher, so it has the same cost as real hashes, and from a random password so
    // that no password matches it.
    private readonly Lazy<string> _dummyHash;

    public LoginPolicy(IAccountStore store, IPasswordHasher hasher, LoginPolicyOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentHashes, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FailureDelay, TimeSpan.Zero, nameof(options));
        _store = store;
        _hasher = hasher;
        _options = options;
        _time = time;
        _failures = new FailureTracker(options.MaxFailuresPerAddress, options.FailureWindow, options.MaxTrackedAddresses, time);
        _hashSlots = new SemaphoreSlim(options.MaxConcurrentHashes, options.MaxConcurrentHashes);
        _dummyHash = new Lazy<string>(() => hasher.Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
    }

    /// <summary>True when anonymous logon is configured (<see cref="LoginPolicyOptions.AnonymousHome"/> is set).</summary>
    public bool AllowsAnonymous => _options.AnonymousHome is not null;

    /// <summary>The names that mean anonymous logon when <see cref="LoginPolicyOptions.AnonymousHome"/> is set.</summary>
    public static bool IsAnonymousName(string userName) =>
        string.Equals(userName, "anonymous", StringComparison.OrdinalIgnoreCase)
        || string.Equals(userName, "ftp", StringComparison.OrdinalIgnoreCase);

    public async ValueTask<LoginResult> LoginAsync(LoginRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Before any hashing: a throttled address must not be able to spend our CPU.
        if (_failures.IsThrottled(request.ClientAddress))
        {
            return LoginResult.Throttled;
        }

        if (_options.AnonymousHome is { } anonymousHome && IsAnonymousName(request.UserName))
        {
            // The password is an e-mail address by convention and proves nothing, so it is not checked.
            return new LoginResult(LoginOutcome.Success, AnonymousAccount(anonymousHome));
        }

        var account = await _store.FindAsync(request.UserName, cancellationToken).ConfigureAwait(false);
        var matches = await VerifyBoundedAsync(request.Password, account?.PasswordHash, cancellationToken).ConfigureAwait(false);

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
