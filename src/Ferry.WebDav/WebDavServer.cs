using System.Net;
using System.Text;
using Ferry.Core.Access;
using Ferry.Core.Files;
using Ferry.Core.Net;
using Ferry.WebDav.Auth;
using Ferry.WebDav.Locking;
using Ferry.WebDav.Methods;
using Ferry.WebDav.Paths;
using Ferry.WebDav.Transport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Ferry.WebDav;

/// <summary>
/// The WebDAV endpoint: every HTTP request on a WebDAV port comes here. It finds the account path
/// in the URL, refuses passwords over plain HTTP where the options say so, signs the client in
/// through the shared access service, checks the If header, and hands the request to its method's
/// handler. Unknown methods get 501; a handler's unexpected failure gets 500 and a log line, and
/// never takes the server down.
/// </summary>
public sealed class WebDavServer
{
    private readonly DavServices _services;
    private readonly DavMethodTable _methods;
    private readonly DavLogon _logon;
    private readonly ILogger _logger;

    public WebDavServer(DavServices services, DavMethodTable? methods = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
        _methods = methods ?? DavMethodTable.Standard();
        _logon = new DavLogon(services.Access, services.Sites);
        _logger = services.LoggerFactory.CreateLogger<WebDavServer>();
    }

    public DavMethodTable Methods => _methods;

    public async Task HandleAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var audit = RequestAudit.Begin(http, _services.Audit, _services.Time);
        try
        {
            await HandleCheckedAsync(http).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "WebDAV {Method} {Path} failed", http.Request.Method, http.Request.Path);
            if (!http.Response.HasStarted)
            {
                http.Response.Clear();
                http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }
            else
            {
                http.Abort();
            }
        }
        finally
        {
            audit?.End(_services.Audit);
        }
    }

    private async Task HandleCheckedAsync(HttpContext http)
    {
        var client = ClientAddress.Normalize(http.Connection.RemoteIpAddress ?? IPAddress.Loopback);
        if (!_services.Access.Admits(client))
        {
            // The server's own address rules, before anything of the request is looked at.
            await PlainAsync(http, StatusCodes.Status403Forbidden, "Requests from your address are not accepted by this server.").ConfigureAwait(false);
            return;
        }

        var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(rawTarget))
        {
            rawTarget = http.Request.PathBase + http.Request.Path;
        }

        // A fragment never belongs in a request target (RFC 9110 7.1: the client keeps it). Cut off
        // silently, "DELETE /coll/#frag" would delete /coll/ (litmus calls that unsafe); a name with
        // "#" in it arrives as %23.
        var query = rawTarget.IndexOf('?');
        if ((query < 0 ? rawTarget : rawTarget[..query]).Contains('#'))
        {
            await PlainAsync(http, StatusCodes.Status400BadRequest, "The request target has a fragment (#); send names with # as %23.").ConfigureAwait(false);
            return;
        }

        if (!DavPaths.TrySplitTarget(rawTarget, out _, out _, out var rawPath))
        {
            await PlainAsync(http, StatusCodes.Status400BadRequest, "The request target is not a path.").ConfigureAwait(false);
            return;
        }

        switch (DavPaths.TryDecode(rawPath, _services.Options.Prefix, out var path))
        {
            case PathOutcome.OutsidePrefix:
                await PlainAsync(http, StatusCodes.Status404NotFound, $"Files are served under {_services.Options.Prefix}").ConfigureAwait(false);
                return;
            case PathOutcome.Invalid:
                await PlainAsync(http, StatusCodes.Status400BadRequest, "The path is not a valid name: dot segments, encoded slashes, backslashes, control characters and invalid UTF-8 are refused.").ConfigureAwait(false);
                return;
        }

        if (!http.Request.IsHttps && !PlainHttpAllowed(client))
        {
            await RefusePlainHttpAsync(http).ConfigureAwait(false);
            return;
        }

        var logon = await _logon.SignInAsync(http, client, http.RequestAborted).ConfigureAwait(false);
        if (logon.Grant is not { } grant)
        {
            await RefuseLogonAsync(http, logon.Refusal).ConfigureAwait(false);
            return;
        }

        if (!_methods.Methods.TryGetValue(http.Request.Method, out var spec))
        {
            http.Response.Headers.Allow = _methods.AllowFor(DavTargets.Any);
            await PlainAsync(http, StatusCodes.Status501NotImplemented, $"{http.Request.Method} is not a method this server knows.").ConfigureAwait(false);
            return;
        }

        var request = new DavRequest(http, path, grant, _services, _methods);
        if (request.Session is { } session)
        {
            // The session list shows the request a keep-alive connection runs (or ran last).
            session.Command = $"{http.Request.Method} {path.Value}";
        }

        // A name the request filter hides is absent for every method, as IIS answers (404): without
        // this, PUT and MKCOL would read its NotFound as a missing parent (409).
        if (request.Files.IsHidden(path))
        {
            await DavAnswers.FailedAsync(request, FileError.NotFound).ConfigureAwait(false);
            return;
        }

        if (await WriteGuard.EvaluateIfHeaderAsync(request).ConfigureAwait(false) is { } failed)
        {
            http.Response.StatusCode = failed;
            return;
        }

        if (spec.MayHoldThread)
        {
            await SocketThreads.ToPool();
        }

        RequestBodyAcknowledgement.BeforeBody(http);
        await spec.Handler.HandleAsync(request).ConfigureAwait(false);

        // A handler refused with 423 after WriteGuard said so: the body names the lock (RFC 4918 lock-token-submitted).
        await WriteGuard.WriteRefusalAsync(request).ConfigureAwait(false);
    }

    private bool PlainHttpAllowed(IPAddress client) => _services.Options.PlainHttpLogon switch
    {
        PlainHttpLogon.Allowed => true,
        PlainHttpLogon.LoopbackOnly => IPAddress.IsLoopback(client),
        _ => false,
    };

    private Task RefusePlainHttpAsync(HttpContext http) =>
        PlainAsync(http, StatusCodes.Status403Forbidden,
            "This server does not accept passwords over plain HTTP from the network, where anyone on the way could read them. " +
            // With HTTPS off there is no URL to give: "use HTTPS" would send the user to a port that does not answer.
            (_services.Options.HttpsPort == 0 ? "It serves no HTTPS either: ask its administrator." : $"Use {HttpsUrl(http)} instead."));

    /// <summary>Where the same files are served over HTTPS, for a refusal to name: at the host the client asked for, or (an HTTP/1.0 request without Host) at the address it reached.</summary>
    private string HttpsUrl(HttpContext http) =>
        _services.Options.HttpsPort == 0 ? "HTTPS" : $"https://{HostOf(http)}:{_services.Options.HttpsPort}{_services.Options.Prefix}";

    private static string HostOf(HttpContext http) =>
        http.Request.Host.Host is { Length: > 0 } host ? host : UrlHost.Of(ClientAddress.Normalize(http.Connection.LocalIpAddress ?? IPAddress.Loopback));

    private Task RefuseLogonAsync(HttpContext http, AccessRefusal? refusal)
    {
        switch (refusal)
        {
            case null or AccessRefusal.BadCredentials:
                http.Response.Headers.WWWAuthenticate = $"Basic realm=\"{_services.Options.Realm}\", charset=\"UTF-8\"";
                return PlainAsync(http, StatusCodes.Status401Unauthorized, "Sign in with the name and password of a Ferry account.");
            case AccessRefusal.Banned:
                return PlainAsync(http, StatusCodes.Status403Forbidden, "Too many failed sign-ins from this address; try again later.");
            case AccessRefusal.Busy:
                // 503 with Retry-After: a client that waits a moment is served; it is not banned.
                http.Response.Headers.RetryAfter = "5";
                return PlainAsync(http, StatusCodes.Status503ServiceUnavailable, "Too many sign-ins are in progress from this address; try again in a moment.");
            case AccessRefusal.TooManySessions:
                return PlainAsync(http, StatusCodes.Status503ServiceUnavailable, "Too many sessions are open; try again later.");
            case AccessRefusal.TlsRequired:
                return RefusePlainHttpAsync(http);
            case AccessRefusal.AccountTlsRequired:
                return PlainAsync(http, StatusCodes.Status403Forbidden, $"This account signs in over HTTPS only: use {HttpsUrl(http)} instead.");
            case AccessRefusal.AddressDenied:
                // Decided before the password was checked: the answer says nothing of it.
                return PlainAsync(http, StatusCodes.Status403Forbidden, "This account may not be used from your address.");
            default:
                _logger.LogWarning("WebDAV sign-in refused: {Refusal}", refusal);
                return PlainAsync(http, StatusCodes.Status503ServiceUnavailable, "This account's files are unavailable; the administrator has been told.");
        }
    }

    /// <summary>A status with a one-line text body, which browsers and command-line clients show.</summary>
    internal static Task PlainAsync(HttpContext http, int status, string text)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text + "\n")).AsTask();
    }
}
