using System.Net;
using System.Net.Sockets;
using Ferry.Core.Net;

namespace Ferry.Core.Access;

/// <summary>
/// The ban list every protocol shares: recent logon attempts per client address, in a sliding
/// window, in bounded memory. An attempt counts from the moment it starts (<see cref="TryBeginAttempt"/>)
/// and gives its count back only when it succeeds, so parallel guesses cannot all pass the check
/// before the first of them fails. An address with as many attempts in the window as the limit is
/// refused without a password check; once as many have failed, it stays banned for
/// <see cref="BanOptions.BanDuration"/> too. Addresses in <see cref="BanOptions.NeverBanned"/> are
/// counted (their count still orders their turn at the hash) but never banned. Each address keeps at most the limit's count of attempts, and at most a fixed
/// count of addresses is kept (the one quiet longest goes first). One instance per process, made by the host.
/// </summary>
public sealed class FailureTracker
{
    // The rules: set together under _gate (a reload may change them) and read under it, except
    // _neverBanned, whose array is replaced whole.
    private int _limit;
    private TimeSpan _window;
    private TimeSpan _banDuration;
    private int _maxAddresses;
    private IPNetwork[] _neverBanned;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, LinkedListNode<Entry>> _byAddress = [];

    /// <summary>Least recently tried first, so eviction takes the head.</summary>
    private readonly LinkedList<Entry> _byRecency = new();

    public FailureTracker(BanOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _neverBanned = [];
        Options = options;
        Reconfigure(options);
    }

    /// <summary>The rules in force.</summary>
    public BanOptions Options { get; private set; }

    /// <summary>
    /// New rules (a configuration reload), for the next attempt. What the list remembers stays: an
    /// address banned now stays banned for its ban's remaining time under the new duration.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(_neverBanned))]
    public void Reconfigure(BanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxFailuresPerAddress, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.FailureWindow, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BanDuration, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxTrackedAddresses, 1, nameof(options));
        lock (_gate)
        {
            _limit = options.MaxFailuresPerAddress;
            _window = options.FailureWindow;
            _banDuration = options.BanDuration;
            _maxAddresses = options.MaxTrackedAddresses;
            _neverBanned = options.NeverBanned.IsDefault ? [] : [.. options.NeverBanned];
            Options = options;
        }
    }

    internal int TrackedAddresses
    {
        get
        {
            lock (_gate)
            {
                return _byAddress.Count;
            }
        }
    }

    /// <summary>True for an address in <see cref="BanOptions.NeverBanned"/>.</summary>
    public bool IsNeverBanned(IPAddress address)
    {
        var normalized = ClientAddress.Normalize(address);
        foreach (var network in _neverBanned)
        {
            if (network.Contains(normalized))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True while logons from this address (or its IPv6 /64) are refused without a password check.</summary>
    public bool IsBanned(IPAddress address)
    {
        if (IsNeverBanned(address))
        {
            return false;
        }

        var key = KeyOf(address);
        lock (_gate)
        {
            return _byAddress.TryGetValue(key, out var node) && IsBanned(node.Value, _time.GetTimestamp());
        }
    }

    /// <summary>
    /// Counts a logon attempt that is about to be checked, in the same step as the ban check: null
    /// when the address is banned (then nothing is counted). The attempt keeps counting as a failure
    /// unless <see cref="LogonAttempt.Succeeded"/> gives it back.
    /// </summary>
    public LogonAttempt? TryBeginAttempt(IPAddress address)
    {
        var neverBanned = IsNeverBanned(address);
        var key = KeyOf(address);
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var entry = Touch(key);
            if (!neverBanned && IsBanned(entry, now))
            {
                return null;
            }

            var mark = entry.Add(now, _limit);
            return new LogonAttempt(this, entry, mark, standing: entry.Marks.Count);
        }
    }

    /// <summary>Counts one failed logon from this address, banned or not.</summary>
    public void RecordFailure(IPAddress address)
    {
        var key = KeyOf(address);
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var entry = Touch(key);
            var mark = entry.Add(now, _limit);
            Confirm(entry, mark, now);
        }
    }

    /// <summary>The addresses banned now, longest-quiet first.</summary>
    public IReadOnlyList<Ban> CurrentBans()
    {
        var wallClock = _time.GetUtcNow();
        var bans = new List<Ban>();
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            foreach (var entry in _byRecency)
            {
                if (!IsBanned(entry, now) || IsNeverBanned(entry.Address))
                {
                    continue;
                }

                // The ban lasts until its fixed length is over and enough attempts have left the window.
                var left = TimeSpan.Zero;
                if (entry.BannedAt is { } bannedAt)
                {
                    left = _banDuration - _time.GetElapsedTime(bannedAt, now);
                }

                if (entry.Marks.Count >= _limit)
                {
                    var releasing = entry.Marks[entry.Marks.Count - _limit];
                    left = TimeSpan.FromTicks(Math.Max(left.Ticks, (_window - _time.GetElapsedTime(releasing.At, now)).Ticks));
                }

                var prefix = entry.Address.AddressFamily == AddressFamily.InterNetworkV6 ? 64 : 32;
                bans.Add(new Ban(entry.Address, prefix, entry.Marks.Count(mark => mark.Failed), wallClock + left));
            }
        }

        return bans;
    }

    /// <summary>
    /// Lifts the ban on this address (or its IPv6 /64) and forgets its attempts, as an
    /// administrator asks; false when it was not banned.
    /// </summary>
    public bool Lift(IPAddress address)
    {
        var key = KeyOf(address);
        lock (_gate)
        {
            if (!_byAddress.TryGetValue(key, out var node))
            {
                return false;
            }

            var banned = IsBanned(node.Value, _time.GetTimestamp());
            _byAddress.Remove(key);
            _byRecency.Remove(node);
            return banned;
        }
    }

    /// <summary>An attempt succeeded: it no longer counts.</summary>
    internal void GiveBack(Entry entry, Mark mark)
    {
        lock (_gate)
        {
            entry.Marks.Remove(mark);
        }
    }

    /// <summary>An attempt failed: when failures reach the limit, the ban's fixed length starts.</summary>
    internal void Fail(Entry entry, Mark mark)
    {
        lock (_gate)
        {
            Confirm(entry, mark, _time.GetTimestamp());
        }
    }

    /// <summary>Under the lock.</summary>
    private void Confirm(Entry entry, Mark mark, long now)
    {
        mark.Failed = true;
        entry.Prune(now, _time, _window);
        if (entry.Marks.Count(m => m.Failed) >= _limit)
        {
            entry.BannedAt = now;
        }
    }

    /// <summary>Under the lock: the entry for <paramref name="key"/>, made if new, moved to the most recent end.</summary>
    private Entry Touch(IPAddress key)
    {
        if (_byAddress.TryGetValue(key, out var node))
        {
            _byRecency.Remove(node);
        }
        else
        {
            if (_byAddress.Count >= _maxAddresses)
            {
                var oldest = _byRecency.First!;
                _byRecency.RemoveFirst();
                _byAddress.Remove(oldest.Value.Address);
            }

            node = new LinkedListNode<Entry>(new Entry(key));
            _byAddress.Add(key, node);
        }

        _byRecency.AddLast(node);
        return node.Value;
    }

    /// <summary>Under the lock.</summary>
    private bool IsBanned(Entry entry, long now)
    {
        if (entry.BannedAt is { } bannedAt && _time.GetElapsedTime(bannedAt, now) < _banDuration)
        {
            return true;
        }

        entry.Prune(now, _time, _window);
        return entry.Marks.Count >= _limit;
    }

    /// <summary>
    /// IPv4-mapped IPv6 counts as its IPv4 address. Other IPv6 addresses count per /64: one host
    /// usually owns a whole /64 and could otherwise take a fresh address for every guess.
    /// </summary>
    internal static IPAddress KeyOf(IPAddress address)
    {
        address = ClientAddress.Normalize(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }

    /// <summary>One counted attempt: when it started, and whether it is known to have failed. Guarded by the owner's lock.</summary>
    internal sealed class Mark(long at)
    {
        public long At { get; } = at;

        public bool Failed { get; set; }
    }

    /// <summary>
    /// An address's attempts in the window, oldest first, at most <c>limit</c> of them: older ones
    /// cannot change the decision. Guarded by the owner's lock.
    /// </summary>
    internal sealed class Entry(IPAddress address)
    {
        public IPAddress Address { get; } = address;

        public List<Mark> Marks { get; } = [];

        /// <summary>When failures reached the limit, if they did; the fixed ban runs from here.</summary>
        public long? BannedAt { get; set; }

        /// <param name="limit">The rules' limit now: an entry keeps at most that many marks.</param>
        public Mark Add(long now, int limit)
        {
            // Only a failure recorded while banned (or from an address never banned) finds the list
            // full; the oldest then no longer matters. A lowered limit (a reload) trims the surplus.
            while (Marks.Count >= limit)
            {
                Marks.RemoveAt(0);
            }

            var mark = new Mark(now);
            Marks.Add(mark);
            return mark;
        }

        public void Prune(long now, TimeProvider time, TimeSpan window)
        {
            var expired = 0;
            while (expired < Marks.Count && time.GetElapsedTime(Marks[expired].At, now) >= window)
            {
                expired++;
            }

            Marks.RemoveRange(0, expired);
        }
    }
}
