using Ferry.Core.Storage.Memory;
using Ferry.WebDav.Tests.Support;

namespace Ferry.WebDav.Tests;

/// <summary>Storage:PortableNames through WebDAV: FileService's refusal is a 403 for PUT, MKCOL, COPY and MOVE alike.</summary>
public sealed class PortableNamesTests
{
    private readonly DavTestHost _host = new(storage: new InMemoryStorage { PortableNames = true });

    [Theory]
    [InlineData("/CON")]
    [InlineData("/nul.txt")]
    [InlineData("/trailing.")]
    public async Task A_name_windows_cannot_hold_is_refused_with_403(string target)
    {
        await _host.PutFileAsync("/ok.txt", "x");

        Assert.Equal(403, (await _host.SendAsync("PUT", target, "y")).Status);
        Assert.Equal(403, (await _host.SendAsync("MKCOL", target)).Status);
        Assert.Equal(403, (await _host.SendAsync("COPY", "/ok.txt", headers: DavTestHost.Headers([("Destination", target)]))).Status);
        Assert.Equal(403, (await _host.SendAsync("MOVE", "/ok.txt", headers: DavTestHost.Headers([("Destination", target)]))).Status);
        Assert.Equal("x", await _host.ReadFileAsync("/ok.txt"));
    }

    [Fact]
    public async Task An_alternate_data_stream_name_is_refused()
    {
        // WebDAV's own path rules may refuse the colon before FileService sees it (400); either way nothing is made.
        Assert.Contains((await _host.SendAsync("PUT", "/a%3A%3A%24DATA", "y")).Status, new[] { 400, 403 });
        Assert.Null(await _host.ReadFileAsync("/a::$DATA"));
    }
}
