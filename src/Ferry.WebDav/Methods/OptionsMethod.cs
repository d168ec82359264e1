using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Methods;

/// <summary>
/// OPTIONS: what the server and the resource offer. <c>DAV: 1, 2</c> claims classes 1 and 2 (RFC
/// 4918 10.1; both numbers, since a client such as litmus reads a lone "2" as no WebDAV at all),
/// <c>MS-Author-Via: DAV</c> makes Office and Windows' Web Folders use WebDAV rather than FrontPage,
/// and Allow lists the methods that apply to the resource in its current state.
/// </summary>
public sealed class OptionsMethod : IDavMethod
{
    public async Task HandleAsync(DavRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stat = await request.Files.StatAsync(request.Path, request.Aborted).ConfigureAwait(false);
        var state = !stat.Ok ? DavTargets.Missing : stat.Value!.IsDirectory ? DavTargets.Collection : DavTargets.File;
        var response = request.Http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.Headers["DAV"] = "1, 2";
        response.Headers["MS-Author-Via"] = "DAV";
        response.Headers.Allow = request.Methods.AllowFor(state);
        response.ContentLength = 0;
    }
}
