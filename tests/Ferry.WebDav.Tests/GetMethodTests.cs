using System.Text;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.WebDav.Tests.Support;
using Microsoft.Net.Http.Headers;

namespace Ferry.WebDav.Tests;

public sealed class GetMethodTests
{
    private readonly DavTestHost _host = new();

    [Theory]
    [InlineData("/page.html", "sandbox")]
    [InlineData("/page.HTM", "sandbox")]
    [InlineData("/image.svg", "sandbox")]
    [InlineData("/page.xhtml", "sandbox")]
    [InlineData("/data.xml", "sandbox")]
    [InlineData("/notes.txt", "")]
    [InlineData("/report.pdf", "")]
    [InlineData("/photo.jpg", "")]
    public async Task A_page_is_sandboxed_so_an_uploaded_page_cannot_script_this_origin_while_other_files_open_as_they_are(string path, string policy)
    {
        await _host.PutFileAsync(path, "<script>fetch('/', {method: 'DELETE'})</script>");
        var response = await _host.SendAsync("GET", path);
        Assert.Equal(200, response.Status);
        Assert.Equal(policy, response.Headers.ContentSecurityPolicy.ToString());
    }

    [Fact]
    public async Task A_file_comes_with_its_validators_length_and_type()
    {
        await _host.PutFileAsync("/notes.txt", "0123456789");
        var response = await _host.SendAsync("GET", "/notes.txt");
        Assert.Equal(200, response.Status);
        Assert.Equal("0123456789", response.Body);
        Assert.Equal(10, response.Headers.ContentLength);
        Assert.Equal("text/plain", response.Headers.ContentType.ToString());
        Assert.Equal("nosniff", response.Headers.XContentTypeOptions.ToString());
        Assert.Equal("bytes", response.Headers.AcceptRanges.ToString());
        Assert.StartsWith("\"", response.Headers.ETag.ToString());
        Assert.True(HeaderUtilities.TryParseDate(response.Headers.LastModified.ToString(), out _));
    }

    [Fact]
    public async Task An_unknown_extension_is_octet_stream()
    {
        await _host.PutFileAsync("/data.ferry-unknown", "x");
        Assert.Equal("application/octet-stream", (await _host.SendAsync("GET", "/data.ferry-unknown")).Headers.ContentType.ToString());
    }

    [Fact]
    public async Task The_ETag_is_stable_and_changes_with_the_content()
    {
        await _host.PutFileAsync("/a.bin", "one");
        var first = (await _host.SendAsync("GET", "/a.bin")).Headers.ETag.ToString();
        Assert.Equal(first, (await _host.SendAsync("GET", "/a.bin")).Headers.ETag.ToString());
        await _host.PutFileAsync("/a.bin", "two");
        Assert.NotEqual(first, (await _host.SendAsync("GET", "/a.bin")).Headers.ETag.ToString());
    }

    [Fact]
    public async Task HEAD_answers_the_headers_of_GET_without_a_body()
    {
        await _host.PutFileAsync("/a.html", "<p>hello</p>");
        var get = await _host.SendAsync("GET", "/a.html");
        var head = await _host.SendAsync("HEAD", "/a.html");
        Assert.Equal(200, head.Status);
        Assert.Empty(head.Bytes);
        Assert.Equal(get.Headers.ContentLength, head.Headers.ContentLength);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Equal("text/html", head.Headers.ContentType.ToString());
    }

    [Fact]
    public async Task A_body_larger_than_the_copy_buffer_arrives_whole()
    {
        var content = new byte[(3 * 1024 * 1024) + 17];
        new Random(7).NextBytes(content);
        await PutBytesAsync("/big.bin", content);
        var response = await _host.SendAsync("GET", "/big.bin");
        Assert.Equal(content.Length, response.Headers.ContentLength);
        Assert.Equal(content, response.Bytes);
    }

    [Theory]
    [InlineData("bytes=2-4", "234", "bytes 2-4/10")]
    [InlineData("bytes=7-", "789", "bytes 7-9/10")]
    [InlineData("bytes=-3", "789", "bytes 7-9/10")]
    [InlineData("bytes=8-100", "89", "bytes 8-9/10")]
    [InlineData("bytes=-20", "0123456789", "bytes 0-9/10")]
    public async Task One_range_is_206_with_its_Content_Range(string range, string body, string contentRange)
    {
        await _host.PutFileAsync("/r.txt", "0123456789");
        var response = await _host.SendAsync("GET", "/r.txt", headers: DavTestHost.Headers(("Range", range)));
        Assert.Equal(206, response.Status);
        Assert.Equal(body, response.Body);
        Assert.Equal(contentRange, response.Headers.ContentRange.ToString());
        Assert.Equal(body.Length, response.Headers.ContentLength);
    }

    [Fact]
    public async Task A_range_across_copy_buffers_is_exact()
    {
        var content = new byte[(2 * 1024 * 1024) + 100];
        new Random(3).NextBytes(content);
        await PutBytesAsync("/big.bin", content);
        var response = await _host.SendAsync("GET", "/big.bin", headers: DavTestHost.Headers(("Range", "bytes=1000-2097200")));
        Assert.Equal(206, response.Status);
        Assert.Equal(content[1000..2097201], response.Bytes);
    }

    [Theory]
    [InlineData("bytes=10-")]
    [InlineData("bytes=20-30")]
    [InlineData("bytes=-0")]
    public async Task A_range_outside_the_file_is_416_with_the_length(string range)
    {
        await _host.PutFileAsync("/r.txt", "0123456789");
        var response = await _host.SendAsync("GET", "/r.txt", headers: DavTestHost.Headers(("Range", range)));
        Assert.Equal(416, response.Status);
        Assert.Equal("bytes */10", response.Headers.ContentRange.ToString());
        Assert.Empty(response.Bytes);
    }

    [Theory]
    [InlineData("bytes=0-1,4-5")]
    [InlineData("lines=1-2")]
    [InlineData("bytes=5-2")]
    [InlineData("bytes=x")]
    public async Task Several_ranges_or_a_range_that_does_not_parse_get_the_whole_file(string range)
    {
        await _host.PutFileAsync("/r.txt", "0123456789");
        var response = await _host.SendAsync("GET", "/r.txt", headers: DavTestHost.Headers(("Range", range)));
        Assert.Equal(200, response.Status);
        Assert.Equal("0123456789", response.Body);
    }

    [Fact]
    public async Task If_Range_with_the_current_tag_honours_the_range_and_with_an_old_one_sends_all()
    {
        await _host.PutFileAsync("/r.txt", "0123456789");
        var tag = (await _host.SendAsync("GET", "/r.txt")).Headers.ETag.ToString();
        var current = await _host.SendAsync("GET", "/r.txt", headers: DavTestHost.Headers(("Range", "bytes=0-1"), ("If-Range", tag)));
        Assert.Equal(206, current.Status);
        var stale = await _host.SendAsync("GET", "/r.txt", headers: DavTestHost.Headers(("Range", "bytes=0-1"), ("If-Range", "\"old\"")));
        Assert.Equal(200, stale.Status);
        Assert.Equal("0123456789", stale.Body);
    }

    [Fact]
    public async Task If_None_Match_with_the_current_tag_is_304_with_the_tag()
    {
        await _host.PutFileAsync("/a.txt", "x");
        var tag = (await _host.SendAsync("GET", "/a.txt")).Headers.ETag.ToString();
        var response = await _host.SendAsync("GET", "/a.txt", headers: DavTestHost.Headers(("If-None-Match", tag)));
        Assert.Equal(304, response.Status);
        Assert.Equal(tag, response.Headers.ETag.ToString());
        Assert.Empty(response.Bytes);
    }

    [Fact]
    public async Task If_Match_with_another_tag_is_412()
    {
        await _host.PutFileAsync("/a.txt", "x");
        var response = await _host.SendAsync("GET", "/a.txt", headers: DavTestHost.Headers(("If-Match", "\"other\"")));
        Assert.Equal(412, response.Status);
    }

    [Fact]
    public async Task If_Modified_Since_now_is_304()
    {
        await _host.PutFileAsync("/a.txt", "x");
        var since = HeaderUtilities.FormatDate(DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(304, (await _host.SendAsync("GET", "/a.txt", headers: DavTestHost.Headers(("If-Modified-Since", since)))).Status);
    }

    [Fact]
    public async Task Missing_and_reserved_names_are_404()
    {
        await _host.PutFileAsync("/" + ReservedNames.Prefix + "x", "partial");
        Assert.Equal(404, (await _host.SendAsync("GET", "/nothing")).Status);
        Assert.Equal(404, (await _host.SendAsync("GET", "/" + ReservedNames.Prefix + "x")).Status);
        await _host.PutFileAsync("/a.txt", "x");
        Assert.Equal(404, (await _host.SendAsync("GET", "/a.txt/below")).Status);
    }

    [Fact]
    public async Task A_collection_lists_folders_first_with_escaped_links_and_a_parent()
    {
        await _host.MakeFolderAsync("/docs");
        await _host.PutFileAsync("/docs/b file.txt", "12345");
        await _host.PutFileAsync("/docs/A.txt", "1");
        await _host.MakeFolderAsync("/docs/zsub");
        await _host.PutFileAsync("/docs/" + ReservedNames.Prefix + "tmp", "hidden");
        var response = await _host.SendAsync("GET", "/docs/");
        Assert.Equal(200, response.Status);
        Assert.Equal("text/html; charset=utf-8", response.Headers.ContentType.ToString());
        var html = response.Body;
        Assert.Contains("href=\"/\"", html);
        Assert.Contains("href=\"/docs/b%20file.txt\"", html);
        Assert.Contains("href=\"/docs/zsub/\"", html);
        Assert.DoesNotContain(ReservedNames.Prefix, html);
        Assert.True(html.IndexOf("zsub/", StringComparison.Ordinal) < html.IndexOf("A.txt", StringComparison.Ordinal));
        Assert.True(html.IndexOf("A.txt", StringComparison.Ordinal) < html.IndexOf("b file.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_name_with_markup_is_encoded_in_the_listing()
    {
        await _host.PutFileAsync("/<b>&\"x\".txt", "1");
        var html = (await _host.SendAsync("GET", "/")).Body;
        Assert.DoesNotContain("<b>", html);
        Assert.Contains("&lt;b&gt;&amp;&quot;x&quot;.txt", html);
        Assert.Contains("href=\"/%3Cb%3E%26%22x%22.txt\"", html);
    }

    [Fact]
    public async Task The_listing_is_under_the_prefix()
    {
        var host = new DavTestHost(new WebDavOptions { Prefix = "/dav/" });
        await host.MakeFolderAsync("/f");
        var html = (await host.SendAsync("GET", "/dav/f/")).Body;
        Assert.Contains("href=\"/dav/\"", html);
    }

    [Fact]
    public async Task HEAD_on_a_collection_has_no_body()
    {
        var response = await _host.SendAsync("HEAD", "/");
        Assert.Equal(200, response.Status);
        Assert.Empty(response.Bytes);
        Assert.Equal("text/html; charset=utf-8", response.Headers.ContentType.ToString());
    }

    private async Task PutBytesAsync(string path, byte[] content)
    {
        var upload = await _host.Storage.OpenWriteAsync(VfsPath.Parse(path), WriteMode.Replace, 0, CancellationToken.None);
        await upload.Content.WriteAsync(content);
        await upload.CommitAsync(CancellationToken.None);
    }
}
