using Ferry.Core.Access.Locks;
using Ferry.Core.Paths;
using Ferry.WebDav.Tests.Support;

namespace Ferry.WebDav.Tests;

public sealed class UnlockMethodTests
{
    private const string ExclusiveBody =
        "<lockinfo xmlns='DAV:'><lockscope><exclusive/></lockscope><locktype><write/></locktype><owner>litmus test suite</owner></lockinfo>";

    private readonly DavTestHost _host = new();

    [Fact]
    public async Task Unlock_with_the_token_ends_the_lock_with_204()
    {
        await _host.PutFileAsync("/f", "x");
        var token = await LockAsync("/f");
        var response = await UnlockAsync("/f", $"<{token}>");
        Assert.Equal(204, response.Status);
        Assert.Empty(await LocksAtAsync("/f"));
        Assert.Equal(200, (await _host.SendAsync("LOCK", "/f", ExclusiveBody)).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("opaquelocktoken:abc")]
    [InlineData("<>")]
    [InlineData("<no-scheme>")]
    [InlineData("<opaquelocktoken:a b>")]
    public async Task Without_a_well_formed_Lock_Token_header_UNLOCK_is_400(string? header)
    {
        await _host.PutFileAsync("/f", "x");
        await LockAsync("/f");
        var headers = header is null ? null : DavTestHost.Headers(("Lock-Token", header));
        Assert.Equal(400, (await _host.SendAsync("UNLOCK", "/f", headers: headers)).Status);
        Assert.Single(await LocksAtAsync("/f"));
    }

    [Fact]
    public async Task A_token_that_names_no_lock_here_is_409_lock_token_matches_request_uri()
    {
        await _host.PutFileAsync("/f", "x");
        await _host.PutFileAsync("/g", "x");
        await LockAsync("/f");
        var elsewhere = await LockAsync("/g");

        foreach (var token in new[] { "opaquelocktoken:foobar", elsewhere })
        {
            var response = await UnlockAsync("/f", $"<{token}>");
            Assert.Equal(409, response.Status);
            Assert.Equal(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:error xmlns:D=\"DAV:\"><D:lock-token-matches-request-uri /></D:error>",
                response.Body);
        }

        Assert.Single(await LocksAtAsync("/f"));
        Assert.Single(await LocksAtAsync("/g"));
    }

    [Fact]
    public async Task Another_account_s_lock_is_403_and_stays()
    {
        await _host.MakeFolderAsync("/bob");
        await _host.PutFileAsync("/bob/x", "x");
        var token = await LockAsync("/bob/x");
        var response = await UnlockAsync("/x", $"<{token}>", DavTestHost.Bob);
        Assert.Equal(403, response.Status);
        Assert.Single(await LocksAtAsync("/bob/x"));
    }

    [Fact]
    public async Task A_collection_lock_may_be_ended_through_a_member_s_URL()
    {
        await _host.MakeFolderAsync("/c");
        await _host.PutFileAsync("/c/f", "x");
        var token = await LockAsync("/c/");
        Assert.Equal(204, (await UnlockAsync("/c/f", $"<{token}>")).Status);
        Assert.Empty(await LocksAtAsync("/c"));
    }

    [Fact]
    public async Task The_file_a_LOCK_created_stays_after_UNLOCK()
    {
        var token = await LockAsync("/unmapped_url");
        Assert.Equal(204, (await UnlockAsync("/unmapped_url", $"<{token}>")).Status);
        Assert.Equal("", await _host.ReadFileAsync("/unmapped_url"));
    }

    [Fact]
    public async Task The_same_token_unlocks_once()
    {
        await _host.PutFileAsync("/f", "x");
        var token = await LockAsync("/f");
        Assert.Equal(204, (await UnlockAsync("/f", $"<{token}>")).Status);
        Assert.Equal(409, (await UnlockAsync("/f", $"<{token}>")).Status);
    }

    private async Task<string> LockAsync(string path)
    {
        var response = await _host.SendAsync("LOCK", path, ExclusiveBody);
        Assert.True(response.Status is 200 or 201, response.ToString());
        return response.Headers["Lock-Token"].ToString().Trim('<', '>');
    }

    private Task<DavResponse> UnlockAsync(string path, string lockToken, string user = DavTestHost.Alice) =>
        _host.SendAsync("UNLOCK", path, headers: DavTestHost.Headers(("Lock-Token", lockToken)), user: user);

    private async Task<IReadOnlyList<ActiveLock>> LocksAtAsync(string path) =>
        await _host.Locks.FindAsync(new LockKey("tree", VfsPath.Parse(path)), LockDepth.Zero, CancellationToken.None);
}
