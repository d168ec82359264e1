namespace Ferry.Core.Access.Locks;

/// <summary>A lock to take.</summary>
/// <param name="Target">Where the lock's root is, and what is mounted below it (a plain <see cref="LockKey"/> converts).</param>
/// <param name="Owner">
/// Who holds it: the account name, compared case-insensitively like account names. Only the owner
/// may refresh, release or write through the lock.
/// </param>
/// <param name="Timeout">
/// How long the lock lives unless refreshed; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>
/// asks for the longest the manager allows, and any request is cut to that.
/// </param>
/// <param name="OwnerInfo">What the client says about itself (WebDAV's DAV:owner), kept and shown back; may be null.</param>
public sealed record LockRequest(LockTarget Target, LockScope Scope, LockDepth Depth, string Owner, TimeSpan Timeout, string? OwnerInfo = null);
