using Ferry.Core.Access.Locks;
using Ferry.Core.Paths;

namespace Ferry.WebDav.Tests.Support;

/// <summary>Locks taken straight in the host's lock table by someone other than alice, so that her changes meet them.</summary>
internal static class TestLocks
{
    /// <summary>An exclusive lock by bob on alice's <paramref name="path"/> (the tree both accounts share).</summary>
    public static async Task LockAsync(this DavTestHost host, string path, LockDepth depth = LockDepth.Zero)
    {
        var result = await host.Locks.TakeAsync(
            new LockRequest(new LockKey("tree", VfsPath.Parse(path)), LockScope.Exclusive, depth, DavTestHost.Bob, TimeSpan.FromMinutes(10)),
            CancellationToken.None);
        Assert.Equal(LockOutcome.Granted, result.Outcome);
    }
}
