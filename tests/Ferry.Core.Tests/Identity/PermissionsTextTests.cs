using Ferry.Core.Identity;

namespace Ferry.Core.Tests.Identity;

public sealed class PermissionsTextTests
{
    [Theory]
    [InlineData("list", Permissions.List)]
    [InlineData("read", Permissions.Read)]
    [InlineData("write", Permissions.Write)]
    [InlineData("append", Permissions.Append)]
    [InlineData("delete", Permissions.Delete)]
    [InlineData("rename", Permissions.Rename)]
    [InlineData("mkdir", Permissions.Mkdir)]
    [InlineData("settime", Permissions.SetTime)]
    [InlineData("chmod", Permissions.Chmod)]
    [InlineData("all", Permissions.All)]
    [InlineData("readonly", Permissions.ReadOnly)]
    [InlineData("none", Permissions.None)]
    public void Each_word_parses_to_its_permission(string text, Permissions expected)
    {
        Assert.Equal(expected, PermissionsText.Parse(text));
    }

    [Theory]
    [InlineData("list,read,write")]
    [InlineData("list read write")]
    [InlineData("LIST, Read ,wRiTe")]
    [InlineData("  list\tread,,write  ")]
    public void Words_separated_by_commas_or_spaces_in_any_case_combine(string text)
    {
        Assert.Equal(Permissions.List | Permissions.Read | Permissions.Write, PermissionsText.Parse(text));
    }

    [Fact]
    public void Group_words_combine_with_single_words()
    {
        Assert.Equal(Permissions.ReadOnly | Permissions.Mkdir, PermissionsText.Parse("readonly,mkdir"));
    }

    [Fact]
    public void An_unknown_word_is_an_error_that_names_it()
    {
        var error = Assert.Throws<FormatException>(() => PermissionsText.Parse("list,raed"));

        Assert.Contains("'raed'", error.Message, StringComparison.Ordinal);
        Assert.Contains("settime", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(",")]
    public void Empty_text_is_an_error(string text)
    {
        Assert.Throws<FormatException>(() => PermissionsText.Parse(text));
        Assert.False(PermissionsText.TryParse(text, out _));
    }

    [Fact]
    public void TryParse_reports_failure_without_throwing()
    {
        Assert.False(PermissionsText.TryParse("read,fly", out var permissions, out var error));
        Assert.Equal(Permissions.None, permissions);
        Assert.Contains("'fly'", error, StringComparison.Ordinal);
        Assert.False(PermissionsText.TryParse(null, out _));
    }

    [Theory]
    [InlineData(Permissions.All, "all")]
    [InlineData(Permissions.None, "none")]
    [InlineData(Permissions.ReadOnly, "list,read")]
    [InlineData(Permissions.SetTime | Permissions.List, "list,settime")]
    public void Format_writes_the_canonical_text(Permissions permissions, string expected)
    {
        Assert.Equal(expected, PermissionsText.Format(permissions));
    }

    [Fact]
    public void Every_combination_formats_and_parses_back()
    {
        for (var bits = 0; bits <= (int)Permissions.All; bits++)
        {
            var permissions = (Permissions)bits;
            Assert.Equal(permissions, PermissionsText.Parse(PermissionsText.Format(permissions)));
        }
    }

    [Fact]
    public void Format_refuses_bits_that_are_no_permission()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PermissionsText.Format((Permissions)512));
    }

    [Fact]
    public void All_includes_chmod()
    {
        Assert.True(PermissionsText.Parse("all").HasFlag(Permissions.Chmod));
        Assert.Equal("list,read,write,append,delete,rename,mkdir,settime", PermissionsText.Format(Permissions.All & ~Permissions.Chmod));
    }

    [Fact]
    public void Stored_bits_that_were_all_before_chmod_existed_still_mean_all()
    {
        Assert.Equal(Permissions.All, PermissionsText.FromStored(255));
        Assert.Equal(Permissions.All, PermissionsText.FromStored((int)Permissions.All));
        Assert.Equal(Permissions.ReadOnly, PermissionsText.FromStored((int)Permissions.ReadOnly));
        Assert.Equal(Permissions.List | Permissions.Write, PermissionsText.FromStored((int)(Permissions.List | Permissions.Write)));
        Assert.Throws<ArgumentOutOfRangeException>(() => PermissionsText.FromStored(1 << 20));
    }
}
