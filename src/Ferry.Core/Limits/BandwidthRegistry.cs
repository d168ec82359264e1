using System.Collections.Concurrent;
using Ferry.Core.Diagnostics;
using Ferry.Core.Identity;

namespace Ferry.Core.Limits;

/// <summary>
/// The process's bandwidth buckets: one pair for the whole server and one pair per account with a
/// limit, shared by all of that account's sessions in every protocol. A transfer asks for its
/// <see cref="Throttle"/> when it starts, so a reloaded limit applies from the next transfer.
/// </summary>
public sealed class BandwidthRegistry
{
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Buckets> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly GlobalBuckets _global;

    public BandwidthRegistry(BandwidthLimits global, TimeProvider time)
        : this(new GlobalBuckets(new Buckets(global ?? throw new ArgumentNullException(nameof(global)), time ?? throw new ArgumentNullException(nameof(time)))), time)
    {
    }

    private BandwidthRegistry(GlobalBuckets global, TimeProvider time)
    {
        _time = time;
        _global = global;
    }

    public BandwidthLimits Global => _global.Current.Limits;

    /// <summary>New server-wide limits (a reload): unchanged limits keep their buckets and debts.</summary>
    public void Reconfigure(BandwidthLimits global)
    {
        ArgumentNullException.ThrowIfNull(global);
        if (global != Global)
        {
            _global.Current = new Buckets(global, _time);
        }
    }

    /// <summary>
    /// Buckets for another set of accounts (a virtual site's: its "alice" is not the server's) that
    /// draw on the same server-wide buckets, reconfigured with this registry.
    /// </summary>
    public BandwidthRegistry ForOtherAccounts() => new(_global, _time);

    /// <summary>The buckets a transfer of <paramref name="account"/> in <paramref name="direction"/> draws from, or null when nothing limits it.</summary>
    public Throttle? For(Account account, TransferDirection direction)
    {
        ArgumentNullException.ThrowIfNull(account);
        var limits = account.Limits.Bandwidth;
        TokenBucket? own = null;
        if (limits.For(direction) is not null)
        {
            var buckets = _accounts.AddOrUpdate(
                account.Name,
                static (_, state) => new Buckets(state.limits, state.time),
                static (_, existing, state) => existing.Limits == state.limits ? existing : new Buckets(state.limits, state.time),
                (limits, time: _time));
            own = buckets.For(direction);
        }

        var global = _global.Current.For(direction);
        return own is null && global is null ? null : new Throttle(own, global, _time);
    }

    private sealed class Buckets(BandwidthLimits limits, TimeProvider time)
    {
        private readonly TokenBucket? _up = limits.UploadBytesPerSecond is { } up ? new TokenBucket(up, time) : null;
        private readonly TokenBucket? _down = limits.DownloadBytesPerSecond is { } down ? new TokenBucket(down, time) : null;

        public BandwidthLimits Limits { get; } = limits;

        public TokenBucket? For(TransferDirection direction) => direction == TransferDirection.Upload ? _up : _down;
    }

    /// <summary>The server-wide pair, shared by the registries of every set of accounts.</summary>
    private sealed class GlobalBuckets(Buckets initial)
    {
        private Buckets _current = initial;

        public Buckets Current
        {
            get => Volatile.Read(ref _current);
            set => Volatile.Write(ref _current, value);
        }
    }
}
