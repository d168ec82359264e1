using Ferry.Configuration;

namespace Ferry.Tests;

public sealed class HomeFolderTests
{
    [Theory]
    [InlineData("")]
    [InlineData("bob")]
    [InlineData("shared/bob")]
    [InlineData("shared\\bob")]
    [InlineData("a/../b")]
    [InlineData("./bob/")]
    public void A_folder_under_the_root_is_accepted(string home)
    {
        Assert.Null(HomeFolder.Problem(home));
    }

    [Fact]
    public void An_absolute_home_is_accepted_as_the_administrators_choice()
    {
        Assert.Null(HomeFolder.Problem(Path.GetFullPath(Path.GetTempPath())));
    }

    [Theory]
    [InlineData("..", "leads out of the served root")]
    [InlineData("../y", "leads out of the served root")]
    [InlineData("a/../../y", "leads out of the served root")]
    [InlineData("..\\y", "leads out of the served root")]
    [InlineData("C:x", "is not a folder path")]
    [InlineData("in\u0001side", "is not a folder path")]
    public void A_relative_home_that_leaves_the_root_or_is_no_path_is_refused(string home, string expected)
    {
        var problem = HomeFolder.Problem(home);

        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\u0001', problem);
    }

    [Fact]
    public void Resolve_joins_the_segments_under_the_root()
    {
        var root = Path.GetFullPath(Path.GetTempPath());

        Assert.Equal(Path.Join(root, "a", "b"), HomeFolder.Resolve(root, "a//./b/"));
        Assert.Equal(root.TrimEnd(Path.DirectorySeparatorChar), HomeFolder.Resolve(root, "../..").TrimEnd(Path.DirectorySeparatorChar));
    }
}
