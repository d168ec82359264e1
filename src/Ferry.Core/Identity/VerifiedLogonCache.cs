using System.Security.Cryptography;
using System.Text;

namespace Ferry.Core.Identity;

/// <summary>
/// Remembers, per account, that a password was recently verified against the account's stored hash,
/// so that devices logging on again and again with the same password do not pay the slow hash each time.
/// Holds only a keyed digest of the password (HMAC-SHA256 under a random key made per instance and
/// never stored or logged), the stored hash string it was verified against, and when.
/// </summary>
internal sealed class VerifiedLogonCache
{
    /// <summary>
    /// Accounts remembered at once. An entry costs about 150 bytes (name, stored-hash string,
    /// 32-byte digest, timestamp), so 10,000 stay near 1.5 MiB however many accounts log on; a
    /// server with more active accounts than that only pays the slow hash more often.
    /// </summary>
    internal const int MaxEntries = 10_000;

    /// <summary>HMAC-SHA256 output and key size.</summary>
    internal const int DigestBytes = 32;

    private readonly TimeSpan _lifetime;
    private readonly int _capacity;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    // Ordinal: the key is the name the store answered with, so spellings that the store treats as
    // one account share one entry, and two accounts never share one.
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    // Random per process, so a digest means nothing outside this process's memory.
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(DigestBytes);

    public VerifiedLogonCache(TimeSpan lifetime, TimeProvider time)
        : this(lifetime, time, MaxEntries)
    {
    }

    internal VerifiedLogonCache(TimeSpan lifetime, TimeProvider time, int capacity)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(lifetime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _lifetime = lifetime;
        _time = time;
        _capacity = capacity;
    }

    /// <summary>False when the lifetime is zero: then nothing is remembered and nothing matches.</summary>
    public bool Enabled => _lifetime > TimeSpan.Zero;

    internal int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The keyed digest of a password; the encoded password is wiped after use.</summary>
    public byte[] Digest(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var encoded = new byte[Encoding.UTF8.GetByteCount(password)];
        try
        {
            Encoding.UTF8.GetBytes(password, encoded);
            return HMACSHA256.HashData(_key, encoded);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(encoded);
        }
    }

    /// <summary>
    /// True when <paramref name="account"/> is enabled, its stored hash is the one the remembered
    /// verification used, that verification has not expired, and the digest is the same.
    /// </summary>
    public bool IsVerified(Account account, ReadOnlySpan<byte> digest)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (!Enabled || !account.Enabled)
        {
            return false;
        }

        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (!_entries.TryGetValue(account.Name, out var entry))
            {
                return false;
            }

            // A changed hash (new password, edited or re-created account) or an old entry is dropped at
            // once; a digest that differs is not, so wrong guesses cannot evict a device's entry.
            if (!string.Equals(entry.StoredHash, account.PasswordHash, StringComparison.Ordinal) || IsExpired(entry, now))
            {
                _entries.Remove(account.Name);
                return false;
            }

            return CryptographicOperations.FixedTimeEquals(entry.Digest, digest);
        }
    }

    /// <summary>Records a successful verification of <paramref name="digest"/> against the account's current hash.</summary>
    public void Remember(Account account, byte[] digest)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(digest);
        if (!Enabled)
        {
            return;
        }

        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (!_entries.ContainsKey(account.Name) && _entries.Count >= _capacity)
            {
                MakeRoom(now);
            }

            _entries[account.Name] = new Entry(account.PasswordHash, digest, now);
        }
    }

    /// <summary>
    /// Drops every expired entry, or if none has expired the oldest. A full scan, but it only runs
    /// after a slow hash has just been paid, which costs far more than walking the entries.
    /// </summary>
    private void MakeRoom(long now)
    {
        string? oldest = null;
        var oldestAt = long.MaxValue;
        List<string>? expired = null;
        foreach (var (name, entry) in _entries)
        {
            if (IsExpired(entry, now))
            {
                (expired ??= []).Add(name);
            }
            else if (entry.VerifiedAt < oldestAt)
            {
                oldest = name;
                oldestAt = entry.VerifiedAt;
            }
        }

        if (expired is not null)
        {
            expired.ForEach(name => _entries.Remove(name));
        }
        else if (oldest is not null)
        {
            _entries.Remove(oldest);
        }
    }

    private bool IsExpired(Entry entry, long now) => _time.GetElapsedTime(entry.VerifiedAt, now) >= _lifetime;

    // A class, not a record: a record's generated ToString would print the stored hash.
    private sealed class Entry(string storedHash, byte[] digest, long verifiedAt)
    {
        public string StoredHash { get; } = storedHash;

        public byte[] Digest { get; } = digest;

        public long VerifiedAt { get; } = verifiedAt;
    }
}
