using Ferry.WebDav.Tests.Support;

namespace Ferry.WebDav.Tests;

public sealed class OptionsMethodTests
{
    private readonly DavTestHost _host = new();

    [Fact]
    public async Task Claims_classes_1_and_2_and_asks_Microsoft_clients_for_DAV()
    {
        var response = await _host.SendAsync("OPTIONS", "/");
        Assert.Equal(200, response.Status);
        Assert.Equal("1, 2", response.Headers["DAV"].ToString());
        Assert.Equal("DAV", response.Headers["MS-Author-Via"].ToString());
        Assert.Empty(response.Bytes);
        Assert.Equal(0, response.Headers.ContentLength);
    }

    [Fact]
    public async Task Allow_for_a_collection_has_no_PUT_or_MKCOL()
    {
        var allow = (await _host.SendAsync("OPTIONS", "/")).Headers.Allow.ToString();
        Assert.Equal("COPY, DELETE, GET, HEAD, LOCK, MOVE, OPTIONS, PROPFIND, PROPPATCH, UNLOCK", allow);
    }

    [Fact]
    public async Task Allow_for_a_file_has_PUT_but_no_MKCOL()
    {
        await _host.PutFileAsync("/a.txt", "x");
        var allow = (await _host.SendAsync("OPTIONS", "/a.txt")).Headers.Allow.ToString();
        Assert.Contains("PUT", allow);
        Assert.DoesNotContain("MKCOL", allow);
    }

    [Fact]
    public async Task Allow_for_a_missing_resource_is_what_creates_one()
    {
        var allow = (await _host.SendAsync("OPTIONS", "/nothing")).Headers.Allow.ToString();
        Assert.Equal("LOCK, MKCOL, OPTIONS, PUT", allow);
    }

    [Fact]
    public async Task An_upload_temporary_is_missing_to_OPTIONS()
    {
        await _host.PutFileAsync("/" + Ferry.Core.Storage.ReservedNames.Prefix + "1", "partial");
        var allow = (await _host.SendAsync("OPTIONS", "/" + Ferry.Core.Storage.ReservedNames.Prefix + "1")).Headers.Allow.ToString();
        Assert.Equal("LOCK, MKCOL, OPTIONS, PUT", allow);
    }
}
