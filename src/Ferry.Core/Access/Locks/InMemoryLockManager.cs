using System.Security.Cryptography;

namespace Ferry.Core.Access.Locks;

/// <summary>
/// The lock table of a single node, in memory. Expired locks are dropped as each call passes, by
/// the clock given (no timer). Lookups scan the table: locks are few (bounded per owner) and short-lived.
/// </summary>
public sealed class InMemoryLockManager : ILockManager
{
    private const string TokenScheme = "opaquelocktoken:";

    private readonly LockOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ActiveLock> _byToken = new(StringComparer.Ordinal);
    private readonly Dictionary<LockKey, WriteClaim> _writes = [];

    public InMemoryLockManager(LockOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.MaxTimeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxLocksPerOwner, 1, nameof(options));
        _options = options;
        _time = time;
    }

    public ValueTask<LockResult> TakeAsync(LockRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Owner, nameof(request));
        var timeout = Granted(request.Timeout);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var now = PurgeExpired();
            var conflicts = _byToken.Values
                .Where(held => held.Overlaps(request.Target, request.Depth)
                    && (request.Scope == LockScope.Exclusive || held.Scope == LockScope.Exclusive))
                .ToList();
            if (conflicts.Count > 0)
            {
                return ValueTask.FromResult(LockResult.Conflict(conflicts));
            }

            if (_byToken.Values.Count(held => held.IsOwnedBy(request.Owner)) >= _options.MaxLocksPerOwner)
            {
                return ValueTask.FromResult(LockResult.TooManyLocks);
            }

            var granted = new ActiveLock(NewToken(), request.Target.Key, request.Scope, request.Depth, request.Owner, request.OwnerInfo, timeout, now + timeout)
            {
                Mounted = request.Depth == LockDepth.Infinity ? request.Target.Mounted : [],
            };
            _byToken.Add(granted.Token, granted);
            return ValueTask.FromResult(LockResult.Granted(granted));
        }
    }

    public ValueTask<ActiveLock?> RefreshAsync(LockKey target, string token, string owner, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var granted = Granted(timeout);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var now = PurgeExpired();
            if (Usable(target, token, owner) is not { } held)
            {
                return ValueTask.FromResult<ActiveLock?>(null);
            }

            var refreshed = held with { Timeout = granted, ExpiresAt = now + granted };
            _byToken[token] = refreshed;
            return ValueTask.FromResult<ActiveLock?>(refreshed);
        }
    }

    public ValueTask<bool> ReleaseAsync(LockKey target, string token, string owner, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            PurgeExpired();
            return ValueTask.FromResult(Usable(target, token, owner) is not null && _byToken.Remove(token));
        }
    }

    public ValueTask<IReadOnlyList<ActiveLock>> CheckAsync(LockTarget target, LockDepth depth, LockHolder holder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(holder);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            PurgeExpired();
            IReadOnlyList<ActiveLock> blocking = [.. _byToken.Values.Where(held => held.Overlaps(target, depth) && !holder.Presents(held))];
            return ValueTask.FromResult(blocking);
        }
    }

    public ValueTask<IReadOnlyList<ActiveLock>> FindAsync(LockTarget target, LockDepth depth, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            PurgeExpired();
            IReadOnlyList<ActiveLock> found = [.. _byToken.Values.Where(held => held.Overlaps(target, depth))];
            return ValueTask.FromResult(found);
        }
    }

    public ValueTask<WriteClaim?> TryClaimWriteAsync(LockKey target, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // No expiry: a claim lives as long as the write it guards, which ends (by commit, abort or
            // the session's end) on this node. A shared table would give claims a lifetime instead.
            if (_writes.ContainsKey(target))
            {
                return ValueTask.FromResult<WriteClaim?>(null);
            }

            var claim = new WriteClaim(target, owner, _time.GetUtcNow(), ReleaseWrite);
            _writes.Add(target, claim);
            return ValueTask.FromResult<WriteClaim?>(claim);
        }
    }

    private ValueTask ReleaseWrite(WriteClaim claim)
    {
        lock (_gate)
        {
            if (_writes.TryGetValue(claim.Target, out var held) && ReferenceEquals(held, claim))
            {
                _writes.Remove(claim.Target);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The lock named by the token when it is live, the owner's, and covers the target.</summary>
    private ActiveLock? Usable(LockKey target, string token, string owner)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(owner);
        return _byToken.TryGetValue(token, out var held) && held.IsOwnedBy(owner) && held.AppliesTo(target) ? held : null;
    }

    /// <summary>Infinite asks for the longest allowed; anything longer is cut to it.</summary>
    private TimeSpan Granted(TimeSpan requested)
    {
        if (requested == Timeout.InfiniteTimeSpan)
        {
            return _options.MaxTimeout;
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(requested, TimeSpan.Zero, "timeout");
        return requested < _options.MaxTimeout ? requested : _options.MaxTimeout;
    }

    /// <summary>Drops every lock whose time is up; returns the time it judged by. Called under the gate.</summary>
    private DateTimeOffset PurgeExpired()
    {
        var now = _time.GetUtcNow();
        List<string>? expired = null;
        foreach (var held in _byToken.Values)
        {
            if (held.ExpiresAt <= now)
            {
                (expired ??= []).Add(held.Token);
            }
        }

        expired?.ForEach(token => _byToken.Remove(token));
        return now;
    }

    /// <summary>A random (version 4) UUID from the system's cryptographic generator: tokens must not be guessable.</summary>
    private static string NewToken()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return TokenScheme + new Guid(bytes, bigEndian: true).ToString("D");
    }
}
