using Ferry.Core.Access.Locks;
using Ferry.Core.Paths;

namespace Ferry.Ftp.Session;

/// <summary>The shared lock table as FTP obeys it: explicit locks (taken by WebDAV LOCK) bind every change FTP makes.</summary>
public sealed partial class FtpSession
{
    /// <summary>
    /// True when no lock held by another account covers <paramref name="path"/> (and, with
    /// <see cref="LockDepth.Infinity"/>, nothing below it). Otherwise replies 450 ("file unavailable":
    /// it may be tried again later) naming who holds the lock, and returns false. FTP has no lock
    /// tokens, so every lock the account itself holds counts as presented.
    /// </summary>
    /// <param name="shown">How the client named the path, for the reply.</param>
    internal async ValueTask<bool> CheckLocksOrReplyAsync(VfsPath path, LockDepth depth, string shown, CancellationToken cancellationToken)
    {
        var blocking = await Server.Locks.CheckAsync(LockSite!.TargetFor(path), depth, new LockHolder(Account!.Name), cancellationToken).ConfigureAwait(false);
        if (blocking.Count == 0)
        {
            return true;
        }

        var holders = string.Join(", ", blocking.Select(held => held.Owner).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase));
        var what = blocking.Any(held => held.Root == LockSite.KeyFor(path)) ? "is locked" : "is in a locked folder or holds locked files";
        await ReplyAsync(450, $"{Printable(shown)} {what} by {Printable(holders)}; try again when the lock is released.", cancellationToken).ConfigureAwait(false);
        return false;
    }
}
