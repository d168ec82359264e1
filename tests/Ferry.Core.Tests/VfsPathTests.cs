using System.Text;
using Ferry.Core.Paths;

namespace Ferry.Core.Tests;

public class VfsPathTests
{
    private static VfsPath Resolve(string input, string current = "/")
    {
        Assert.True(VfsPath.TryResolve(input, VfsPath.Parse(current), out var path), $"'{input}' should resolve");
        return path;
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/a/b", "/a/b")]
    [InlineData("//a///b//", "/a/b")]
    [InlineData("/a/./b/.", "/a/b")]
    [InlineData("/a/b/../c", "/a/c")]
    [InlineData("/..", "/")]
    [InlineData("/../../etc/passwd", "/etc/passwd")]
    [InlineData("/a/../../..", "/")]
    public void Parse_normalises(string input, string expected)
    {
        Assert.Equal(expected, VfsPath.Parse(input).Value);
    }

    [Theory]
    [InlineData("b", "/a", "/a/b")]
    [InlineData("../c", "/a/b", "/a/c")]
    [InlineData("../../../..", "/a/b", "/")]
    [InlineData("/x", "/a/b", "/x")]
    [InlineData("", "/a/b", "/a/b")]
    [InlineData(".", "/a/b", "/a/b")]
    public void TryResolve_is_relative_to_current(string input, string current, string expected)
    {
        Assert.Equal(expected, Resolve(input, current).Value);
    }

    [Fact]
    public void TryResolve_of_null_stays_at_current()
    {
        Assert.True(VfsPath.TryResolve(null, VfsPath.Parse("/a"), out var path));
        Assert.Equal("/a", path.Value);
    }

    [Theory]
    [InlineData(@"\a\b", "/", "/a/b")]
    [InlineData(@"a\..\..\b", "/x", "/b")]
    [InlineData(@"..\..\..\windows", "/a", "/windows")]
    public void Backslashes_are_separators(string input, string current, string expected)
    {
        Assert.Equal(expected, Resolve(input, current).Value);
    }

    [Theory]
    [InlineData(@"C:\x")]
    [InlineData("C:/x")]
    [InlineData("c:")]
    [InlineData("D:x")]
    public void Drive_letters_are_rejected(string input)
    {
        Assert.False(VfsPath.TryResolve(input, VfsPath.Root, out _));
        Assert.Throws<FormatException>(() => VfsPath.Parse(input));
    }

    [Theory]
    [InlineData("a\0b")]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("\t")]
    [InlineData("a\u007Fb")]
    [InlineData("a\u0085b")]
    [InlineData("a\u009Bb")]
    public void Control_characters_are_rejected(string input)
    {
        Assert.False(VfsPath.TryResolve(input, VfsPath.Root, out _));
    }

    [Fact]
    public void Lone_surrogates_are_rejected()
    {
        // Built in code: xunit's test-case serialisation would turn a lone surrogate into U+FFFD.
        foreach (var input in new[] { "a" + (char)0xD800 + "b", "a" + (char)0xDC00, ((char)0xD800).ToString(), (char)0xDC00 + "\uD800" })
        {
            Assert.False(VfsPath.TryResolve(input, VfsPath.Root, out _));
        }
    }

    [Fact]
    public void Non_ascii_names_resolve()
    {
        Assert.Equal("/héllo/😀", Resolve("/héllo/😀").Value);
    }

    [Fact]
    public void Names_that_only_look_special_are_kept()
    {
        Assert.Equal("/.../..a/a..", Resolve("/.../..a/a..").Value);
    }

    [Fact]
    public void Rejected_input_leaves_path_at_current()
    {
        var current = VfsPath.Parse("/a");

        Assert.False(VfsPath.TryResolve("b\0", current, out var path));
        Assert.Equal(current, path);
    }

    [Theory]
    [InlineData("/a/b", "/a", true)]
    [InlineData("/a", "/a", true)]
    [InlineData("/a", "/", true)]
    [InlineData("/", "/", true)]
    [InlineData("/ab", "/a", false)]
    [InlineData("/a", "/a/b", false)]
    [InlineData("/", "/a", false)]
    [InlineData("/A/b", "/a", false)]
    public void IsAtOrBelow_compares_whole_segments(string path, string ancestor, bool expected)
    {
        Assert.Equal(expected, VfsPath.Parse(path).IsAtOrBelow(VfsPath.Parse(ancestor)));
    }

    [Theory]
    [InlineData("/a/b/c", "/a/b")]
    [InlineData("/a", "/")]
    [InlineData("/", "/")]
    public void Parent_drops_the_last_segment(string path, string expected)
    {
        Assert.Equal(expected, VfsPath.Parse(path).Parent.Value);
    }

    [Theory]
    [InlineData("/a/b.txt", "b.txt")]
    [InlineData("/a", "a")]
    [InlineData("/", "")]
    public void Name_is_the_last_segment(string path, string expected)
    {
        Assert.Equal(expected, VfsPath.Parse(path).Name);
    }

    [Fact]
    public void Root_is_root()
    {
        Assert.True(VfsPath.Root.IsRoot);
        Assert.True(VfsPath.Parse("/a/..").IsRoot);
        Assert.False(VfsPath.Parse("/a").IsRoot);
        Assert.Empty(VfsPath.Root.Segments);
    }

    [Fact]
    public void Segments_cannot_be_changed_through_a_cast()
    {
        var path = VfsPath.Parse("/a/b");

        Assert.Equal(["a", "b"], path.Segments);
        Assert.False(path.Segments is string[]);
        if (path.Segments is IList<string> list)
        {
            Assert.Throws<NotSupportedException>(() => list[0] = "..");
        }

        Assert.Equal("/a/b", path.Value);
    }

    [Fact]
    public void Combine_adds_a_name()
    {
        Assert.Equal("/a/b", VfsPath.Parse("/a").Combine("b").Value);
        Assert.Throws<FormatException>(() => VfsPath.Parse("/a").Combine("b\nc"));
    }

    [Fact]
    public void Equality_is_by_normalised_value_and_case_sensitive()
    {
        Assert.Equal(VfsPath.Parse("/a//b/"), VfsPath.Parse("/a/b"));
        Assert.True(VfsPath.Parse("/a/./b") == VfsPath.Parse("/a/b"));
        Assert.Equal(VfsPath.Parse("/a/b").GetHashCode(), VfsPath.Parse("/a//b").GetHashCode());
        Assert.NotEqual(VfsPath.Parse("/a"), VfsPath.Parse("/A"));
        Assert.True(VfsPath.Parse("/a") != VfsPath.Parse("/A"));
    }

    [Theory]
    [InlineData("report.pdf", true)]
    [InlineData("with space ", true)]
    [InlineData("ünïcödé.txt", true)]
    [InlineData("emoji-\U0001F600", true)]
    [InlineData(".hidden", true)]
    [InlineData("...", true)]
    [InlineData("note:1", true)]
    [InlineData("a:b", false)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    [InlineData("", false)]
    [InlineData("back\\slash", false)]
    [InlineData("C:", false)]
    [InlineData("c:name", false)]
    [InlineData("tab\there", false)]
    [InlineData("new\nline", false)]
    [InlineData("del\u007f", false)]
    [InlineData("c1\u0085control", false)]
    [InlineData("漢字:x", true)]
    [InlineData("é:x", true)]
    public void IsAddressableName_is_what_TryResolve_keeps_as_that_one_name(string name, bool expected)
    {
        AssertAddressable(name, expected);
        Assert.Equal(expected, VfsPath.IsAddressableName(Encoding.UTF8.GetBytes(name)));
    }

    [Fact]
    public void IsAddressableName_of_bytes_refuses_what_is_not_UTF8()
    {
        Assert.False(VfsPath.IsAddressableName([0x63, 0x61, 0x66, 0xE9]));
        Assert.False(VfsPath.IsAddressableName([0x6C, 0xED, 0xA0, 0x80])); // a surrogate's encoding
        Assert.True(VfsPath.IsAddressableName("caf\u00E9"u8));
    }

    [Fact]
    public void IsAddressableName_refuses_a_lone_surrogate()
    {
        // Built at run time: a lone surrogate does not survive theory-data serialisation.
        AssertAddressable("lone" + (char)0xD800, expected: false);
        AssertAddressable("pair" + char.ConvertFromUtf32(0x1F600), expected: true);
    }

    [Theory]
    [InlineData("/", "/a/b", "/a/b")]
    [InlineData("/a", "/", "/a")]
    [InlineData("/a", "/b/c", "/a/b/c")]
    public void Append_reads_the_second_path_as_relative(string first, string second, string expected)
    {
        Assert.Equal(VfsPath.Parse(expected), VfsPath.Parse(first).Append(VfsPath.Parse(second)));
    }

    [Theory]
    [InlineData("/a/b/c", "/a", "/b/c")]
    [InlineData("/a", "/a", "/")]
    [InlineData("/a", "/", "/a")]
    public void RelativeTo_gives_what_lies_below_the_ancestor(string path, string ancestor, string expected)
    {
        Assert.Equal(VfsPath.Parse(expected), VfsPath.Parse(path).RelativeTo(VfsPath.Parse(ancestor)));
    }

    [Theory]
    [InlineData("/ab", "/a")]
    [InlineData("/", "/a")]
    public void RelativeTo_is_null_outside_the_ancestor(string path, string ancestor)
    {
        Assert.Null(VfsPath.Parse(path).RelativeTo(VfsPath.Parse(ancestor)));
    }

    private static void AssertAddressable(string name, bool expected)
    {
        var viaResolve = VfsPath.TryResolve(name, VfsPath.Root, out var resolved)
            && resolved.Segments.Count == 1
            && resolved.Name == name;

        Assert.Equal(expected, VfsPath.IsAddressableName(name));
        Assert.Equal(viaResolve, VfsPath.IsAddressableName(name));
    }
}
