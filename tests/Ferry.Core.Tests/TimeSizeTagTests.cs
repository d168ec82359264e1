using System.Text;
using Ferry.Core.Storage;

namespace Ferry.Core.Tests;

/// <summary>A tag of time and size writes the text the Linux storage's ETag string had, as bytes and as a string.</summary>
public sealed class TimeSizeTagTests
{
    public static TheoryData<long, uint, long> Values => new()
    {
        { 0, 0, 0 },
        { 1_612_325_106, 123_456_700, 17 },
        { 1_700_000_000, 999_999_999, 1L << 40 },
        { -1, 1, 5 }, // before 1970: the two's complement, as "x" writes it
        { long.MaxValue, uint.MaxValue, long.MaxValue },
        { long.MinValue, 0, -1 },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Its_text_is_seconds_dot_nanoseconds_dash_length_in_lower_case_hex_quoted(long seconds, uint nanoseconds, long length)
    {
        var expected = $"\"{seconds:x}.{nanoseconds:x}-{length:x}\"";
        var tag = new TimeSizeTag(seconds, nanoseconds, length);

        Assert.Equal(expected, tag.ToString());
        var bytes = new byte[TimeSizeTag.MaxLength + 8];
        var written = tag.WriteUtf8(bytes);
        Assert.Equal(expected, Encoding.UTF8.GetString(bytes, 0, written));
        Assert.True(written <= TimeSizeTag.MaxLength);
    }

    [Fact]
    public void An_entry_tagged_by_time_and_size_shows_the_tag_as_its_etag()
    {
        var entry = FileEntry.WithTimeSizeTag("a.txt", 17, DateTimeOffset.UnixEpoch, 1_612_325_106, 123_456_700, unix: null);

        Assert.Equal("\"601a20f2.75bccbc-11\"", entry.ETag);
        Assert.True(entry.TryGetTimeSizeTag(out var tag));
        Assert.Equal(new TimeSizeTag(1_612_325_106, 123_456_700, 17), tag);
        Assert.False(entry.IsDirectory);
    }

    [Fact]
    public void An_entry_with_its_own_etag_text_has_no_time_and_size_tag()
    {
        Assert.False(new FileEntry("a", false, 1, DateTimeOffset.UnixEpoch, "\"7\"").TryGetTimeSizeTag(out _));
        Assert.False(new FileEntry("a", false, 1, DateTimeOffset.UnixEpoch).TryGetTimeSizeTag(out _));
        Assert.Null(new FileEntry("a", false, 1, DateTimeOffset.UnixEpoch).ETag);
    }

    [Fact]
    public void Setting_an_etag_replaces_the_time_and_size_tag()
    {
        var entry = FileEntry.WithTimeSizeTag("a.txt", 17, DateTimeOffset.UnixEpoch, 1, 2, unix: null) with { ETag = "\"own\"" };

        Assert.Equal("\"own\"", entry.ETag);
        Assert.False(entry.TryGetTimeSizeTag(out _));
    }

    [Fact]
    public void The_tag_follows_a_changed_length()
    {
        var entry = FileEntry.WithTimeSizeTag("a.txt", 17, DateTimeOffset.UnixEpoch, 1, 2, unix: null) with { Length = 18 };

        Assert.Equal("\"1.2-12\"", entry.ETag);
    }

    [Fact]
    public void Entries_with_equal_facts_and_tags_are_equal_and_differ_by_the_tag()
    {
        var one = FileEntry.WithTimeSizeTag("a.txt", 17, DateTimeOffset.UnixEpoch, 1, 2, unix: null);

        Assert.Equal(one, FileEntry.WithTimeSizeTag("a.txt", 17, DateTimeOffset.UnixEpoch, 1, 2, unix: null));
        Assert.NotEqual(one, FileEntry.WithTimeSizeTag("a.txt", 17, DateTimeOffset.UnixEpoch, 1, 3, unix: null));
    }
}
