using System.Collections.Immutable;
using Ferry.Core.Access;
using Ferry.Core.Access.Locks;
using Ferry.Core.Files;
using Ferry.Core.Identity;
using Ferry.Core.Paths;

namespace Ferry.Core.Tests.Access;

public sealed class AccessResultTests
{
    private static readonly Account Alice = new("alice", "$pbkdf2$the-hash", "/srv/alice", Permissions.All, ImmutableArray<FolderPermission>.Empty);

    [Fact]
    public void A_grant_is_granted_and_its_text_never_shows_the_password_hash()
    {
        var grant = new AccessGrant(Alice, new FileService(new FakeStorage(), Alice), new LockSite("tree", VfsPath.Root), Anonymous: false);

        var result = AccessResult.Allow(grant);

        Assert.True(result.Granted);
        Assert.Null(result.Refusal);
        Assert.DoesNotContain("the-hash", result.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("the-hash", grant.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_refusal_carries_its_reason_and_detail()
    {
        var result = AccessResult.Refuse(AccessRefusal.HomeUnavailable, "disk gone");

        Assert.False(result.Granted);
        Assert.Equal(AccessRefusal.HomeUnavailable, result.Refusal);
        Assert.Equal("disk gone", result.Detail);
        Assert.Contains("HomeUnavailable", result.ToString(), StringComparison.Ordinal);
    }
}
