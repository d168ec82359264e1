using System.Net;
using Ferry.Core.Access;
using Ferry.Core.Paths;
using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Tests.Support;

/// <summary>
/// A <see cref="DavRequest"/> for calling the lock helpers (WriteGuard, LockXml) directly, as a
/// handler would: signed in through the host's access service, with the given request headers and
/// an in-memory response body.
/// </summary>
internal static class DavRequests
{
    public static async Task<DavRequest> ForAsync(DavTestHost host, string user, string path, params (string Name, string Value)[] headers)
    {
        Assert.True(host.Access.Sessions.TryOpen("webdav", IPAddress.Loopback, out var session, out _));
        var channel = new AccessChannel("webdav", IPAddress.Loopback, false);
        var signedIn = await host.Access.SignInAsync(new AccessRequest(user, DavTestHost.Password, channel), session, CancellationToken.None);
        Assert.True(signedIn.Granted);
        var http = new DefaultHttpContext();
        foreach (var (name, value) in headers)
        {
            http.Request.Headers.Append(name, value);
        }

        http.Response.Body = new MemoryStream();
        return new DavRequest(http, VfsPath.Parse(path), signedIn.Grant!, host.Services);
    }

    /// <summary>What a handler wrote into the response body.</summary>
    public static string ResponseBody(DavRequest request) =>
        System.Text.Encoding.UTF8.GetString(((MemoryStream)request.Http.Response.Body).ToArray());
}
