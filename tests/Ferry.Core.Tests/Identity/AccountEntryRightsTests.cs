using Ferry.Core.Identity;
using Ferry.Core.Paths;

namespace Ferry.Core.Tests.Identity;

/// <summary>
/// <see cref="Account.PermissionsForEntriesOf"/>: one answer for a folder's entries exactly when no
/// rule can tell them apart, and then the answer <see cref="Account.PermissionsFor(VfsPath, bool)"/>
/// gives for each of them.
/// </summary>
public sealed class AccountEntryRightsTests
{
    private static readonly Account Alice = new(
        "alice", "not-a-real-hash", "/srv/alice", Permissions.All,
        [
            new FolderPermission(VfsPath.Parse("/pub"), Permissions.List | Permissions.Read),
            new FolderPermission(VfsPath.Parse("/pub/Upload"), Permissions.List | Permissions.Write),
            new FolderPermission(VfsPath.Parse("/deep/a/b"), Permissions.None),
        ]);

    private static readonly string[] Names = ["x.txt", "upload", "Upload", "UPLOAD", "a", "b", "pub", "Pub"];

    [Theory]
    [InlineData("/", false, false)] // /pub is an entry of /
    [InlineData("/pub", false, false)] // /pub/Upload is an entry of /pub
    [InlineData("/pub/Upload", false, true)]
    [InlineData("/pub/upload", false, true)] // another folder where case matters
    [InlineData("/deep", false, true)] // /deep/a/b is two levels below: no entry of /deep matches it
    [InlineData("/deep/a", false, false)]
    [InlineData("/other", false, true)]
    [InlineData("/PUB", true, false)] // where case is ignored, /PUB is /pub
    [InlineData("/PUB", false, true)]
    public void Entries_share_their_rights_exactly_when_no_rule_names_one_of_them(string folder, bool ignoreCase, bool shared)
    {
        var path = VfsPath.Parse(folder);

        var rights = Alice.PermissionsForEntriesOf(path, ignoreCase);

        Assert.Equal(shared, rights is not null);
        if (rights is { } all)
        {
            Assert.All(Names, name => Assert.Equal(Alice.PermissionsFor(path.Combine(name), ignoreCase), all));
        }
        else
        {
            Assert.True(Names.Select(name => Alice.PermissionsFor(path.Combine(name), ignoreCase)).Distinct().Count() > 1);
        }
    }
}
