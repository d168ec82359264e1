using Ferry.Core.Storage;
using Ferry.WebDav.Methods;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Ferry.WebDav.Tests;

public sealed class HttpPreconditionsTests
{
    private static readonly DateTimeOffset Modified = new(2026, 5, 1, 12, 0, 0, 400, TimeSpan.Zero);
    private static readonly FileEntry File = new("f", false, 3, Modified, "\"v1\"");

    [Theory]
    [InlineData("GET", "If-Match", "\"v1\"", null)]
    [InlineData("GET", "If-Match", "\"v2\", \"v1\"", null)]
    [InlineData("GET", "If-Match", "*", null)]
    [InlineData("PUT", "If-Match", "\"v2\"", 412)]
    [InlineData("PUT", "If-Match", "W/\"v1\"", 412)]
    [InlineData("PUT", "If-Match", "not a tag", 412)]
    [InlineData("GET", "If-None-Match", "\"v1\"", 304)]
    [InlineData("HEAD", "If-None-Match", "W/\"v1\"", 304)]
    [InlineData("PUT", "If-None-Match", "*", 412)]
    [InlineData("DELETE", "If-None-Match", "\"v1\"", 412)]
    [InlineData("GET", "If-None-Match", "\"v2\"", null)]
    public void Entity_tags_are_compared_strongly_for_If_Match_and_weakly_for_If_None_Match(string method, string header, string value, int? expected)
    {
        Assert.Equal(expected, HttpPreconditions.Evaluate(Request(method, (header, value)), File));
    }

    [Fact]
    public void Nothing_there_fails_If_Match_and_passes_If_None_Match_star()
    {
        Assert.Equal(412, HttpPreconditions.Evaluate(Request("PUT", ("If-Match", "*")), null));
        Assert.Null(HttpPreconditions.Evaluate(Request("PUT", ("If-None-Match", "*")), null));
    }

    [Fact]
    public void Dates_are_compared_to_the_second()
    {
        var same = HeaderUtilities.FormatDate(Modified);
        var before = HeaderUtilities.FormatDate(Modified.AddSeconds(-1));
        Assert.Equal(304, HttpPreconditions.Evaluate(Request("GET", ("If-Modified-Since", same)), File));
        Assert.Null(HttpPreconditions.Evaluate(Request("GET", ("If-Modified-Since", before)), File));
        Assert.Null(HttpPreconditions.Evaluate(Request("PUT", ("If-Unmodified-Since", same)), File));
        Assert.Equal(412, HttpPreconditions.Evaluate(Request("PUT", ("If-Unmodified-Since", before)), File));
    }

    [Fact]
    public void If_None_Match_overrides_If_Modified_Since()
    {
        var same = HeaderUtilities.FormatDate(Modified);
        Assert.Null(HttpPreconditions.Evaluate(Request("GET", ("If-None-Match", "\"v2\""), ("If-Modified-Since", same)), File));
    }

    [Fact]
    public void If_Match_overrides_If_Unmodified_Since()
    {
        var before = HeaderUtilities.FormatDate(Modified.AddSeconds(-1));
        Assert.Null(HttpPreconditions.Evaluate(Request("PUT", ("If-Match", "\"v1\""), ("If-Unmodified-Since", before)), File));
    }

    [Fact]
    public void A_date_that_does_not_parse_is_ignored()
    {
        Assert.Null(HttpPreconditions.Evaluate(Request("GET", ("If-Modified-Since", "yesterday")), File));
    }

    [Fact]
    public void If_Range_takes_the_current_tag_or_the_exact_date()
    {
        Assert.True(HttpPreconditions.RangeApplies(Request("GET"), File));
        Assert.True(HttpPreconditions.RangeApplies(Request("GET", ("If-Range", "\"v1\"")), File));
        Assert.False(HttpPreconditions.RangeApplies(Request("GET", ("If-Range", "W/\"v1\"")), File));
        Assert.False(HttpPreconditions.RangeApplies(Request("GET", ("If-Range", "\"v0\"")), File));
        Assert.True(HttpPreconditions.RangeApplies(Request("GET", ("If-Range", HeaderUtilities.FormatDate(Modified))), File));
        Assert.False(HttpPreconditions.RangeApplies(Request("GET", ("If-Range", HeaderUtilities.FormatDate(Modified.AddSeconds(-1)))), File));
    }

    [Fact]
    public void Without_a_backend_tag_the_tag_is_made_of_length_and_time_and_is_the_same_each_time()
    {
        var untagged = File with { ETag = null };
        var tag = EntityTags.For(untagged);
        Assert.Equal($"\"3-{Modified.UtcTicks:x}\"", tag);
        Assert.NotEqual(tag, EntityTags.For(untagged with { Length = 4 }));
        Assert.NotEqual(tag, EntityTags.For(untagged with { LastModified = Modified.AddTicks(1) }));
        Assert.Null(EntityTags.For(untagged with { IsDirectory = true }));
    }

    private static HttpRequest Request(string method, params (string Name, string Value)[] headers)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        foreach (var (name, value) in headers)
        {
            http.Request.Headers.Append(name, value);
        }

        return http.Request;
    }
}
