using Ferry.Core.Files;
using Ferry.WebDav.Tests.Support;

namespace Ferry.WebDav.Tests;

/// <summary>The request filter over WebDAV: 404 for hidden names whatever the method, 403 naming a refused type, 413 over the size.</summary>
public sealed class WebDavFilteringTests
{
    private static async Task<DavTestHost> HostAsync()
    {
        var host = new DavTestHost();
        host.Access.Filter = new RequestFilter { HiddenSegments = ["private"], DenyExtensions = [".exe"], MaxFileBytes = 10 };
        await host.MakeFolderAsync("/private");
        await host.PutFileAsync("/private/secret.txt", "secret");
        await host.PutFileAsync("/setup.exe", "MZ");
        await host.PutFileAsync("/keep.txt", "old");
        return host;
    }

    [Theory]
    [InlineData("GET", "/private/secret.txt")]
    [InlineData("PROPFIND", "/Private/")]
    [InlineData("DELETE", "/private/")]
    [InlineData("MKCOL", "/private/x/")]
    [InlineData("PUT", "/private")]
    [InlineData("LOCK", "/private/new.txt")]
    public async Task A_hidden_url_is_404_for_every_method(string method, string target)
    {
        var host = await HostAsync();

        var response = await host.SendAsync(method, target, body: method == "PUT" ? "x" : null);

        Assert.Equal(404, response.Status);
        Assert.Equal("secret", await host.ReadFileAsync("/private/secret.txt"));
    }

    [Fact]
    public async Task A_listing_leaves_hidden_names_out_and_keeps_refused_types()
    {
        var host = await HostAsync();

        var listing = await host.SendAsync("PROPFIND", "/", headers: DavTestHost.Headers(("Depth", "1")));

        Assert.Equal(207, listing.Status);
        Assert.Contains("setup.exe", listing.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("private", listing.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_type_is_403_with_its_sentence_and_a_hidden_destination_404()
    {
        var host = await HostAsync();

        var put = await host.SendAsync("PUT", "/new.EXE", body: "MZ");
        var get = await host.SendAsync("GET", "/setup.exe");
        var move = await host.SendAsync("MOVE", "/keep.txt", headers: DavTestHost.Headers(("Destination", "http://127.0.0.1:8080/keep.exe")));
        var hidden = await host.SendAsync("MOVE", "/keep.txt", headers: DavTestHost.Headers(("Destination", "http://127.0.0.1:8080/private/keep.txt")));

        Assert.Equal((403, "Files ending in .exe are not allowed here.\n"), (put.Status, put.Body));
        Assert.Equal(403, get.Status);
        Assert.Equal(403, move.Status);
        Assert.Equal(404, hidden.Status);
        Assert.Null(await host.ReadFileAsync("/new.EXE"));
        Assert.Equal("old", await host.ReadFileAsync("/keep.txt"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_over_the_largest_size_is_413_announced_or_not_and_the_old_file_stays(bool chunked)
    {
        var host = await HostAsync();

        var put = await host.SendAsync("PUT", "/keep.txt", body: "01234567890", chunked: chunked);
        var fresh = await host.SendAsync("PUT", "/fresh.txt", body: "01234567890", chunked: chunked);
        var fits = await host.SendAsync("PUT", "/fits.txt", body: "0123456789", chunked: chunked);

        Assert.Equal((413, "Files larger than 10 bytes are not allowed here.\n"), (put.Status, put.Body));
        Assert.Equal(413, fresh.Status);
        Assert.Equal(201, fits.Status);
        Assert.Equal("old", await host.ReadFileAsync("/keep.txt"));
        Assert.Null(await host.ReadFileAsync("/fresh.txt"));
    }
}
