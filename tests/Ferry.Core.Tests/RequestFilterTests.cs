using Ferry.Core.Files;
using Ferry.Core.Paths;

namespace Ferry.Core.Tests;

public sealed class RequestFilterTests
{
    private static readonly RequestFilter Filter = new()
    {
        HiddenSegments = ["_vti_cnf", "private"],
        DenyExtensions = [".exe", ".bat"],
    };

    [Theory]
    [InlineData("/private", true)]
    [InlineData("/PRIVATE/a.txt", true)]
    [InlineData("/a/b/_Vti_Cnf/c", true)]
    [InlineData("/privates", false)]
    [InlineData("/a/private.txt", false)]
    [InlineData("/", false)]
    public void Any_segment_that_matches_without_regard_to_case_hides_the_path(string path, bool hidden) =>
        Assert.Equal(hidden, Filter.Hides(VfsPath.Parse(path)));

    [Theory]
    [InlineData("setup.exe", "files ending in .exe are not allowed here")]
    [InlineData("SETUP.EXE", "files ending in .exe are not allowed here")]
    [InlineData("run.bat", "files ending in .bat are not allowed here")]
    [InlineData("run.exe.", "files ending in .exe are not allowed here")]
    [InlineData("run.exe ", "files ending in .exe are not allowed here")]
    [InlineData("exe", null)]
    [InlineData("notes.exe.txt", null)]
    [InlineData("archive.tar.gz", null)]
    public void Denied_extensions_refuse_by_the_last_dot_and_say_which(string name, string? refusal) =>
        Assert.Equal(refusal, Filter.RefusalFor(name));

    [Theory]
    [InlineData("backup.TAR.GZ", "files ending in .tar.gz are not allowed here")]
    [InlineData("backup.gz", null)]
    [InlineData("tar.gz", null)]
    public void A_longer_ending_matches_names_that_end_with_it(string name, string? refusal) =>
        Assert.Equal(refusal, new RequestFilter { DenyExtensions = [".tar.gz"] }.RefusalFor(name));

    [Fact]
    public void An_allow_list_admits_only_its_extensions_and_the_deny_list_still_wins()
    {
        var filter = new RequestFilter { AllowExtensions = [".txt", ".exe", ""], DenyExtensions = [".exe"] };

        Assert.Null(filter.RefusalFor("a.TXT"));
        Assert.Null(filter.RefusalFor("README"));
        Assert.Equal("files ending in .exe are not allowed here", filter.RefusalFor("a.exe"));
        Assert.Equal("only files ending in .txt, .exe, (none) are allowed here", filter.RefusalFor("a.jpg"));
    }

    [Fact]
    public void Without_rules_nothing_is_refused_and_the_filter_is_empty()
    {
        Assert.True(RequestFilter.None.IsEmpty);
        Assert.Null(RequestFilter.None.RefusalFor("a.exe"));
        Assert.False(RequestFilter.None.Hides(VfsPath.Parse("/private")));
        Assert.False(Filter.IsEmpty);
    }

    [Theory]
    [InlineData(".exe", ".exe")]
    [InlineData("exe", ".exe")]
    [InlineData(" .EXE ", ".exe")]
    [InlineData(".", "")]
    [InlineData("", null)]
    [InlineData(".tar.GZ", ".tar.gz")]
    [InlineData(".tar.", null)]
    [InlineData(".a..b", null)]
    [InlineData("a/b", null)]
    [InlineData("..", null)]
    public void Configured_extensions_are_normalised_or_refused(string configured, string? normalised) =>
        Assert.Equal(normalised, RequestFilter.NormaliseExtension(configured));

    [Fact]
    public void Two_filters_with_the_same_rules_are_equal()
    {
        var same = new RequestFilter { HiddenSegments = ["_VTI_CNF", "Private"], DenyExtensions = [".exe", ".bat"] };

        Assert.Equal(Filter, same);
        Assert.NotEqual(Filter, same with { MaxFileBytes = 10 });
    }
}
