using Ferry.Configuration;
using Ferry.Core.Access;
using Ferry.Core.Access.Locks;
using Ferry.Core.Diagnostics;
using Ferry.Core.Identity;
using Ferry.Core.Limits;
using Ferry.Core.Storage;

namespace Ferry.Serving;

/// <summary>
/// The access singletons every protocol shares, built once per process: one ban list, one
/// password policy, one session registry, one lock table, and the access service over them (with
/// the quota usage and bandwidth buckets its sessions share).
/// </summary>
public sealed record SharedAccess(FailureTracker Bans, LoginPolicy Login, SessionRegistry Sessions, ILockManager Locks, AccessService Access)
{
    public static SharedAccess Create(FerrySettings settings, IAccountStore accounts, IPasswordHasher hasher, Func<Account, IStorage> storageFor, Func<Account, LockSite> lockSiteFor, TimeProvider time, FerryMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var bans = new FailureTracker(settings.Bans, time);
        var login = new LoginPolicy(accounts, hasher, settings.Login, bans, time);
        var sessions = new SessionRegistry(new SessionLimits(settings.Limits.MaxConnections, settings.Limits.MaxConnectionsPerAddress, settings.Access.MaxSessionsPerAccount ?? int.MaxValue), time, metrics);
        var locks = new InMemoryLockManager(new LockOptions(), time);
        var limiters = AccountLimiters.Create(settings.Bandwidth, time);
        var access = new AccessService(login, sessions, storageFor, lockSiteFor) { Limiters = limiters, Addresses = settings.Access.Addresses, Filter = settings.Filtering };
        return new SharedAccess(bans, login, sessions, locks, access);
    }

    /// <summary>
    /// A reload's new connection limits, ban rules, address rules and request filtering, for the next
    /// connection, logon attempt and file call. Open sessions from an address the new rules refuse are ended, saying why:
    /// an administrator who adds a DenyFrom means the address to go now. Returns how many.
    /// </summary>
    public Task<int> ReconfigureAsync(FerrySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Bans.Reconfigure(settings.Bans);
        Sessions.Limits = Sessions.Limits with
        {
            MaxSessions = settings.Limits.MaxConnections,
            MaxSessionsPerAddress = settings.Limits.MaxConnectionsPerAddress,
            MaxSessionsPerAccount = settings.Access.MaxSessionsPerAccount ?? int.MaxValue,
        };

        // Bandwidth from each transfer that starts; quotas measured again at their next need (files may have changed beside Ferry).
        Access.Limiters?.Bandwidth.Reconfigure(settings.Bandwidth);
        Access.Limiters?.Quotas.InvalidateAll();

        // Request filtering from every session's next file call (sites without their own follow it).
        Access.Filter = settings.Filtering;
        var before = Access.Addresses;
        Access.Addresses = settings.Access.Addresses;
        return before == settings.Access.Addresses ? Task.FromResult(0) : Access.EndSessionsNotAdmittedAsync();
    }

    public void Register(IServiceCollection services)
    {
        services.AddSingleton(Bans);
        services.AddSingleton(Login);
        services.AddSingleton(Sessions);
        services.AddSingleton(Locks);
        services.AddSingleton(Access);
    }
}
