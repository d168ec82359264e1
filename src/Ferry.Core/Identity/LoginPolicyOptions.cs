using System.Collections.Immutable;

namespace Ferry.Core.Identity;

public sealed record LoginPolicyOptions
{
    /// <summary>
    /// Password hashes computed at once. A slow hash costs a core for tens of milliseconds; without
    /// a bound a burst of logons would starve the I/O of every other session.
    /// </summary>
    public int MaxConcurrentHashes { get; init; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>
    /// Password checks one client address (an IPv6 /64) may have waiting or running at once; more are
    /// refused at once, without hashing. Identical logons share one check and remembered ones need
    /// none, so a device opening many connections with one password uses one; four distinct checks
    /// at once is already more than people behind one address type. Addresses take turns at the hash
    /// whatever this is, so it bounds the work one address can queue, not anyone else's wait.
    /// </summary>
    public int MaxPendingHashesPerAddress { get; init; } = 4;

    /// <summary>A failed logon is answered only after this delay (without holding a thread), to slow guessing.</summary>
    public TimeSpan FailureDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Folder served read-only to the <see cref="AnonymousNames"/>; null keeps anonymous logon off.</summary>
    public string? AnonymousHome { get; init; }

    /// <summary>
    /// The user names (any case) that mean anonymous logon when <see cref="AnonymousHome"/> is set.
    /// A protocol's own conventions (a second traditional name) are added by the host, so Core names none.
    /// </summary>
    public ImmutableArray<string> AnonymousNames { get; init; } = ["anonymous"];

    /// <summary>
    /// How long a successful password check is remembered, so that a device logging on again with the
    /// same password skips the slow hash (a digest keyed per process is kept, never the password).
    /// A password change, account edit, removal or disabling ends it at once. Zero turns it off.
    /// Ten minutes covers devices that log on every minute or every file, yet bounds how long a
    /// password stays checkable in this process's memory.
    /// </summary>
    public TimeSpan LogonCacheLifetime { get; init; } = TimeSpan.FromMinutes(10);
}
