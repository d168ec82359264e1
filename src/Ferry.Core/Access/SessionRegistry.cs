using System.Diagnostics.CodeAnalysis;
using System.Net;
using Ferry.Core.Diagnostics;
using Ferry.Core.Identity;
using Ferry.Core.Net;

namespace Ferry.Core.Access;

/// <summary>
/// Every live session of every protocol, counted in total, per client address and per signed-in
/// account. A slot is taken and checked against the limits in one step under one lock, so two
/// sessions can never pass the same last slot. One instance per process, made by the host.
/// </summary>
public sealed class SessionRegistry
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<long, SessionEntry> _sessions = [];
    private readonly Dictionary<IPAddress, int> _perAddress = [];

    // Account names compare case-insensitively, as the account stores look them up.
    private readonly Dictionary<string, int> _perAccount = new(StringComparer.OrdinalIgnoreCase);
    private long _lastId;
    private SessionLimits _limits;

    /// <param name="metrics">Where logons and transfers are counted; null counts nothing.</param>
    public SessionRegistry(SessionLimits limits, TimeProvider time, FerryMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxSessions, 1, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxSessionsPerAddress, 1, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxSessionsPerAccount, 1, nameof(limits));
        _limits = limits;
        _time = time;
        Metrics = metrics;
    }

    /// <summary>The limits in force; a configuration reload may set new ones, which count from the next connection or logon.</summary>
    public SessionLimits Limits
    {
        get => Volatile.Read(ref _limits);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            ArgumentOutOfRangeException.ThrowIfLessThan(value.MaxSessions, 1, nameof(value));
            ArgumentOutOfRangeException.ThrowIfLessThan(value.MaxSessionsPerAddress, 1, nameof(value));
            ArgumentOutOfRangeException.ThrowIfLessThan(value.MaxSessionsPerAccount, 1, nameof(value));
            Volatile.Write(ref _limits, value);
        }
    }

    public FerryMetrics? Metrics { get; }

    internal TimeProvider Time => _time;

    /// <summary>Open sessions per protocol, for the sessions gauge.</summary>
    public IReadOnlyDictionary<string, int> CountByProtocol()
    {
        lock (_gate)
        {
            return _sessions.Values.GroupBy(session => session.Protocol, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>Sessions from this address (normalised first).</summary>
    public int CountFor(IPAddress address)
    {
        var key = ClientAddress.Normalize(address);
        lock (_gate)
        {
            return _perAddress.GetValueOrDefault(key);
        }
    }

    /// <summary>Sessions signed in as this account (of the virtual site <paramref name="site"/>; null: the server's own accounts).</summary>
    public int CountForAccount(string accountName, string? site = null)
    {
        ArgumentNullException.ThrowIfNull(accountName);
        lock (_gate)
        {
            return _perAccount.GetValueOrDefault(AccountKey(accountName, site));
        }
    }

    /// <summary>
    /// Admits a new session from <paramref name="clientAddress"/> when the total and per-address
    /// limits leave a slot, and takes the slot. The caller must dispose the entry when the session ends.
    /// </summary>
    public bool TryOpen(
        string protocol,
        IPAddress clientAddress,
        [NotNullWhen(true)] out SessionEntry? session,
        [NotNullWhen(false)] out SessionRefusal? refusal)
    {
        ArgumentException.ThrowIfNullOrEmpty(protocol);
        var address = ClientAddress.Normalize(clientAddress);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            session = null;
            var limits = Limits;
            if (_sessions.Count >= limits.MaxSessions)
            {
                refusal = new SessionRefusal(SessionLimit.Total, limits.MaxSessions);
                return false;
            }

            if (_perAddress.GetValueOrDefault(address) >= limits.MaxSessionsPerAddress)
            {
                refusal = new SessionRefusal(SessionLimit.PerAddress, limits.MaxSessionsPerAddress);
                return false;
            }

            session = new SessionEntry(this, ++_lastId, protocol, address, now);
            _sessions.Add(session.Id, session);
            Increment(_perAddress, address);
            refusal = null;
            return true;
        }
    }

    /// <summary>The sessions open now, oldest first.</summary>
    public IReadOnlyList<SessionEntry> Snapshot()
    {
        lock (_gate)
        {
            return [.. _sessions.Values.OrderBy(session => session.Id)];
        }
    }

    public SessionEntry? Find(long id)
    {
        lock (_gate)
        {
            return _sessions.GetValueOrDefault(id);
        }
    }

    /// <summary>
    /// Marks <paramref name="session"/> as signed in as <paramref name="account"/> when the
    /// per-account limit (the account's own, or the server's) leaves a slot (a session already signed in gives up its old account first).
    /// </summary>
    internal bool TrySignIn(SessionEntry session, Account account, [NotNullWhen(false)] out SessionRefusal? refusal) =>
        TrySignIn(session, account, site: null, out refusal);

    /// <summary>
    /// As above, for an account of the virtual site <paramref name="site"/> (null: the server's own
    /// accounts). Sites keep their own accounts, so "alice" of two sites are two accounts, counted apart.
    /// </summary>
    internal bool TrySignIn(SessionEntry session, Account account, string? site, [NotNullWhen(false)] out SessionRefusal? refusal)
    {
        lock (_gate)
        {
            if (session.Disposed || !_sessions.ContainsKey(session.Id))
            {
                throw new InvalidOperationException($"{session} has ended; it cannot sign in.");
            }

            SignOutLocked(session);
            // The account's own limit (its MaxSessions) stands in for the server's when it has one.
            var perAccount = account.Policy.MaxSessions ?? Limits.MaxSessionsPerAccount;
            if (_perAccount.GetValueOrDefault(AccountKey(account.Name, site)) >= perAccount)
            {
                refusal = new SessionRefusal(SessionLimit.PerAccount, perAccount);
                return false;
            }

            Increment(_perAccount, AccountKey(account.Name, site));
            session.Site = site;
            session.Account = account;
            refusal = null;
            return true;
        }
    }

    internal void SignOut(SessionEntry session)
    {
        lock (_gate)
        {
            SignOutLocked(session);
        }
    }

    /// <summary>Called once per entry, by its Dispose.</summary>
    internal void Remove(SessionEntry session)
    {
        lock (_gate)
        {
            if (_sessions.Remove(session.Id))
            {
                SignOutLocked(session);
                Decrement(_perAddress, session.ClientAddress);
            }
        }
    }

    private void SignOutLocked(SessionEntry session)
    {
        if (session.Account is { } account)
        {
            Decrement(_perAccount, AccountKey(account.Name, session.Site));
            session.Account = null;
            session.Files = null;
        }
    }

    /// <summary>'|' cannot appear in an account name (see <see cref="AccountName"/>), so the keys of two sites never meet.</summary>
    private static string AccountKey(string accountName, string? site) => site is null ? accountName : $"{site}|{accountName}";

    private static void Increment<TKey>(Dictionary<TKey, int> counts, TKey key)
        where TKey : notnull =>
        counts[key] = counts.GetValueOrDefault(key) + 1;

    /// <summary>A count that reaches zero is removed, so the maps hold only live keys.</summary>
    private static void Decrement<TKey>(Dictionary<TKey, int> counts, TKey key)
        where TKey : notnull
    {
        var left = counts.GetValueOrDefault(key) - 1;
        if (left > 0)
        {
            counts[key] = left;
        }
        else
        {
            counts.Remove(key);
        }
    }
}
