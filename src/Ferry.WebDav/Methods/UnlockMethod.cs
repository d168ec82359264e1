using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Methods;

/// <summary>UNLOCK: to be built (a placeholder answers 501 until then; the endpoint is not served yet).</summary>
public sealed class UnlockMethod : IDavMethod
{
    public Task HandleAsync(DavRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Http.Response.StatusCode = StatusCodes.Status501NotImplemented;
        return Task.CompletedTask;
    }
}
