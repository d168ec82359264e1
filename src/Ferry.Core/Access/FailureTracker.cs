using System.Net;
using System.Net.Sockets;
using Ferry.Core.Net;

namespace Ferry.Core.Access;

/// <summary>
/// The ban list every protocol shares: recent failed logons per client address, in a sliding
/// window, in bounded memory. An address that reaches the limit is banned (refused without a
/// password check) until its oldest counted failure leaves the window. Each address keeps at most
/// the limit's count of failure times, and at most a fixed count of addresses is kept (the one
/// that failed longest ago goes first). One instance per process, made by the host.
/// </summary>
public sealed class FailureTracker
{
    private readonly int _limit;
    private readonly TimeSpan _window;
    private readonly int _maxAddresses;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, LinkedListNode<Entry>> _byAddress = [];

    /// <summary>Least recently failed first, so eviction takes the head.</summary>
    private readonly LinkedList<Entry> _byRecency = new();

    public FailureTracker(BanOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxFailuresPerAddress, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.FailureWindow, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxTrackedAddresses, 1, nameof(options));
        _limit = options.MaxFailuresPerAddress;
        _window = options.FailureWindow;
        _maxAddresses = options.MaxTrackedAddresses;
        _time = time;
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

    /// <summary>True while logons from this address (or its IPv6 /64) are refused without a password check.</summary>
    public bool IsBanned(IPAddress address)
    {
        var key = KeyOf(address);
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            return _byAddress.TryGetValue(key, out var node) && CountRecent(node.Value, now) >= _limit;
        }
    }

    /// <summary>Counts one failed logon from this address.</summary>
    public void RecordFailure(IPAddress address)
    {
        var key = KeyOf(address);
        var now = _time.GetTimestamp();
        lock (_gate)
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

                node = new LinkedListNode<Entry>(new Entry(key, new long[_limit]));
                _byAddress.Add(key, node);
            }

            node.Value.Add(now);
            _byRecency.AddLast(node);
        }
    }

    /// <summary>The addresses banned now, longest-quiet first.</summary>
    public IReadOnlyList<Ban> CurrentBans()
    {
        var now = _time.GetTimestamp();
        var wallClock = _time.GetUtcNow();
        var bans = new List<Ban>();
        lock (_gate)
        {
            foreach (var entry in _byRecency)
            {
                if (CountRecent(entry, now) < _limit)
                {
                    continue;
                }

                // Every kept time is within the window: the ban lasts until the oldest leaves it.
                var oldest = entry.Times.Take(entry.Count).Min();
                var until = wallClock + (_window - _time.GetElapsedTime(oldest, now));
                var prefix = entry.Address.AddressFamily == AddressFamily.InterNetworkV6 ? 64 : 32;
                bans.Add(new Ban(entry.Address, prefix, entry.Count, until));
            }
        }

        return bans;
    }

    private int CountRecent(Entry entry, long now)
    {
        var recent = 0;
        for (var i = 0; i < entry.Count; i++)
        {
            if (_time.GetElapsedTime(entry.Times[i], now) < _window)
            {
                recent++;
            }
        }

        return recent;
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

    /// <summary>A ring of the last <c>limit</c> failure times: older ones cannot change the decision.</summary>
    private sealed class Entry(IPAddress address, long[] times)
    {
        private int _next;

        public IPAddress Address { get; } = address;

        public long[] Times { get; } = times;

        public int Count { get; private set; }

        public void Add(long timestamp)
        {
            Times[_next] = timestamp;
            _next = (_next + 1) % Times.Length;
            Count = Math.Min(Count + 1, Times.Length);
        }
    }
}
