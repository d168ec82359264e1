using System.Net;
using Ferry.Core.Access.Locks;
using Ferry.Core.Files;
using Ferry.Core.Identity;
using Ferry.Core.Limits;
using Ferry.Core.Paths;
using Ferry.Core.Storage;

namespace Ferry.Core.Access;

/// <summary>
/// The one gate every protocol passes: credentials, client address and channel in; a signed-in
/// account with its files, or a neutral refusal, out. It applies the server's address rules, the
/// TLS demand of the endpoint, the account's own policy (addresses and TLS, before any password is
/// checked), the ban list and password check (through <see cref="LoginPolicy"/>), opens the
/// account's home, and counts the session against the per-account limit. One instance per
/// process, made by the host.
/// </summary>
public sealed class AccessService
{
    private readonly LoginPolicy _login;
    private readonly Func<Account, IStorage> _storageFor;
    private readonly Func<Account, LockSite> _lockSiteFor;
    private AddressRules _addresses = AddressRules.Any;
    private RequestFilter _filter = RequestFilter.None;

    /// <param name="login">Checks passwords; its ban list is the one this service shows as <see cref="Bans"/>.</param>
    /// <param name="sessions">Where every protocol's sessions are counted.</param>
    /// <param name="storageFor">Opens an account's home; may throw when the home cannot be opened.</param>
    /// <param name="lockSiteFor">
    /// Where an account's home sits in the lock table; by default each home folder is a tree of its
    /// own, which is right only when no two homes overlap.
    /// </param>
    public AccessService(LoginPolicy login, SessionRegistry sessions, Func<Account, IStorage> storageFor, Func<Account, LockSite>? lockSiteFor = null)
    {
        ArgumentNullException.ThrowIfNull(login);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(storageFor);
        _login = login;
        Sessions = sessions;
        _storageFor = storageFor;
        _lockSiteFor = lockSiteFor ?? (account => new LockSite(account.HomeDirectory, VfsPath.Root));
    }

    /// <summary>The ban list every protocol's failed logons feed.</summary>
    public FailureTracker Bans => _login.Bans;

    public SessionRegistry Sessions { get; }

    /// <summary>Quota usage and bandwidth buckets every session's files share; null: accounts' limits are not applied.</summary>
    public AccountLimiters? Limiters { get; init; }

    /// <summary>
    /// The virtual site (RFC 7151 HOST) whose accounts this service signs in; null for the server's
    /// own. Each site has its own service over its own accounts and storage, sharing the one session
    /// registry and ban list; sessions it signs in carry the name, and it acts only on those.
    /// </summary>
    public string? Site { get; init; }

    /// <summary>
    /// The server's own address rules (every account, every protocol); a configuration reload may set
    /// new ones, which count from the next connection (see <see cref="EndSessionsNotAdmittedAsync"/>
    /// for the open ones).
    /// </summary>
    public AddressRules Addresses
    {
        get => Volatile.Read(ref _addresses);
        set => Volatile.Write(ref _addresses, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>
    /// The request filter (hidden names, file types, largest upload) of every file call its sessions
    /// make; a configuration reload may set a new one, which open sessions obey from their next call.
    /// </summary>
    public RequestFilter Filter
    {
        get => Volatile.Read(ref _filter);
        set => Volatile.Write(ref _filter, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>
    /// Another service whose <see cref="Filter"/> this one follows instead of its own (a virtual site
    /// without rules of its own follows the server's, reloads included); null: its own.
    /// </summary>
    public AccessService? FilterFrom { get; init; }

    /// <summary>The request filter in force for this service's sessions now.</summary>
    public RequestFilter CurrentFilter => FilterFrom?.CurrentFilter ?? Filter;

    /// <summary>
    /// True when the server's rules admit <paramref name="client"/>. Protocols ask at once, when a
    /// connection or request arrives, before anything else is read from it.
    /// </summary>
    public bool Admits(IPAddress client) => Addresses.Admits(client);

    /// <summary>
    /// What can be refused from the name alone, before the client sends a password it would send in
    /// the clear: null when the logon may go on. Only the endpoint's rules: see
    /// <see cref="CheckBeforePasswordAsync"/> for the account's own.
    /// </summary>
    public AccessRefusal? CheckBeforePassword(string userName, AccessChannel channel)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(channel);
        var needsTls = channel.Protection switch
        {
            LogonProtection.Required => true,
            LogonProtection.RequiredExceptAnonymous => !_login.IsAnonymous(userName),
            _ => false,
        };
        return needsTls && !channel.Protected ? AccessRefusal.TlsRequired : null;
    }

    /// <summary>
    /// Everything that can be refused before a password is checked: the endpoint's TLS demand, the
    /// server's address rules, and the named account's own policy (the addresses it may log on from,
    /// the TLS it needs). FTP asks at USER, so that a password is never sent where it would be
    /// refused anyway; <see cref="SignInAsync"/> asks again before it checks one. Deciding the
    /// account's address rules before the password means that from a refused address the account
    /// cannot serve as a password oracle: the answer is the same whether the password was right.
    /// The cost: a refusal here tells that the name is an account with such a rule (an unknown name
    /// goes on to the password, which fails).
    /// </summary>
    public async ValueTask<AccessRefusal?> CheckBeforePasswordAsync(string userName, AccessChannel channel, CancellationToken cancellationToken)
    {
        if (CheckBeforePassword(userName, channel) is { } endpoint)
        {
            return endpoint;
        }

        if (!Admits(channel.ClientAddress))
        {
            return AccessRefusal.AddressDenied;
        }

        // A banned address is refused by the password check without a look at the store; it must
        // not be able to make the server look names up either.
        if (_login.Bans.IsBanned(channel.ClientAddress))
        {
            return null;
        }

        var account = await _login.FindEnabledAsync(userName, cancellationToken).ConfigureAwait(false);
        return account is null ? null : PolicyRefusal(account, channel);
    }

    /// <summary>What the account's own policy refuses on this channel, or null.</summary>
    private static AccessRefusal? PolicyRefusal(Account account, AccessChannel channel) =>
        !account.Policy.Addresses.Admits(channel.ClientAddress) ? AccessRefusal.AddressDenied
        : account.Policy.Tls.RequiresProtectedLogon && !channel.Protected ? AccessRefusal.AccountTlsRequired
        : null;

    /// <summary>
    /// Signs <paramref name="session"/> in as the account the credentials name. On success the
    /// session counts for that account until <see cref="SignOut"/> or its end.
    /// </summary>
    public async ValueTask<AccessResult> SignInAsync(AccessRequest request, SessionEntry session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(session);
        var result = await SignInCheckedAsync(request, session, cancellationToken).ConfigureAwait(false);
        Sessions.Metrics?.Logon(request.Channel.Protocol, result.Refusal switch
        {
            null => "ok",
            AccessRefusal.BadCredentials => "failed",
            AccessRefusal.Banned => "banned",
            AccessRefusal.Busy => "busy",
            _ => "refused",
        });
        return result;
    }

    private async ValueTask<AccessResult> SignInCheckedAsync(AccessRequest request, SessionEntry session, CancellationToken cancellationToken)
    {
        if (await CheckBeforePasswordAsync(request.UserName, request.Channel, cancellationToken).ConfigureAwait(false) is { } early)
        {
            return AccessResult.Refuse(early, early == AccessRefusal.AddressDenied ? $"{request.Channel.ClientAddress} is not admitted for {request.UserName}" : null);
        }

        var channel = request.Channel;
        var login = await _login.LoginAsync(new LoginRequest(request.UserName, request.Password, channel.ClientAddress, channel.Protocol), cancellationToken).ConfigureAwait(false);
        if (login.Outcome == LoginOutcome.Throttled)
        {
            return AccessResult.Refuse(AccessRefusal.Banned);
        }

        if (login.Outcome == LoginOutcome.Busy)
        {
            return AccessResult.Refuse(AccessRefusal.Busy);
        }

        if (login is not { Outcome: LoginOutcome.Success, Account: { } account })
        {
            return AccessResult.Refuse(AccessRefusal.BadCredentials);
        }

        // Checked before the password too; again here for an account that a reload changed meanwhile.
        if (PolicyRefusal(account, channel) is { } late)
        {
            return AccessResult.Refuse(late);
        }

        IStorage storage;
        try
        {
            storage = _storageFor(account);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or StorageException)
        {
            return AccessResult.Refuse(AccessRefusal.HomeUnavailable, $"home folder of {account.Name} is unavailable: {ex.Message}");
        }

        if (!Sessions.TrySignIn(session, account, Site, out var refusal))
        {
            return AccessResult.Refuse(AccessRefusal.TooManySessions, $"{account.Name} has {refusal.Allowed} session(s) open, the most allowed");
        }

        var files = new FileService(storage, account, Limiters, () => CurrentFilter);
        session.Files = files;
        // The lock table matches names as the storage does: where it ignores case, one file has one key whatever the spelling.
        var locks = _lockSiteFor(account) is var site && storage.IgnoresCase ? site with { IgnoreCase = true } : site;
        return AccessResult.Allow(new AccessGrant(account, files, locks, _login.IsAnonymous(request.UserName)));
    }

    /// <summary>
    /// An account was changed (by a configuration reload): sessions signed in as it keep running with
    /// its new rights from their next command, unless it was disabled or its home moved, which no open
    /// session can follow; those are ended with <paramref name="reason"/>. A session from an address
    /// the account's new rules no longer admit is ended too, saying so. Returns how many were ended.
    /// </summary>
    public async Task<int> ApplyAccountChangeAsync(Account updated, string reason)
    {
        ArgumentNullException.ThrowIfNull(updated);
        var ended = 0;
        foreach (var session in SignedInAs(updated.Name))
        {
            if (updated.Enabled && !updated.Policy.Addresses.Admits(session.ClientAddress))
            {
                await session.CloseAsync(NotAdmittedReason).ConfigureAwait(false);
                ended++;
                continue;
            }

            // The session's Account keeps the name the registry counts by; its rights live in its files.
            if (updated.Enabled && session.Files?.TryUpdateAccount(updated) == true)
            {
                continue;
            }

            await session.CloseAsync(reason).ConfigureAwait(false);
            ended++;
        }

        return ended;
    }

    /// <summary>
    /// The server's address rules changed (by a configuration reload): sessions from an address they
    /// no longer admit are ended, signed in or not. Returns how many.
    /// </summary>
    public async Task<int> EndSessionsNotAdmittedAsync()
    {
        var ended = 0;
        foreach (var session in Sessions.Snapshot().Where(s => !Admits(s.ClientAddress)))
        {
            await session.CloseAsync(NotAdmittedReason).ConfigureAwait(false);
            ended++;
        }

        return ended;
    }

    private const string NotAdmittedReason = "Your address is no longer admitted by the administrator's rules. Closing the connection.";

    /// <summary>An account was removed: its sessions end with <paramref name="reason"/>. Returns how many.</summary>
    public async Task<int> EndSessionsOfAsync(string accountName, string reason)
    {
        ArgumentNullException.ThrowIfNull(accountName);
        var sessions = SignedInAs(accountName);
        foreach (var session in sessions)
        {
            await session.CloseAsync(reason).ConfigureAwait(false);
        }

        return sessions.Count;
    }

    private List<SessionEntry> SignedInAs(string accountName) =>
        [.. Sessions.Snapshot().Where(s => s.Account is { } account && string.Equals(account.Name, accountName, StringComparison.OrdinalIgnoreCase)
            && string.Equals(s.Site, Site, StringComparison.OrdinalIgnoreCase))];

    /// <summary>Logout without ending the session (a protocol's "log in again"): the session no longer counts for its account.</summary>
    public void SignOut(SessionEntry session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Sessions.SignOut(session);
    }
}
