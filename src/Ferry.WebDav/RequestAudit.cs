using System.Net;
using Ferry.Core.Audit;
using Ferry.Core.Net;
using Ferry.WebDav.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Ferry.WebDav;

/// <summary>
/// One request's entry in the audit log: the bodies are counted as they pass, and when the request
/// ends its method, path, status, bytes and time become one <see cref="AuditEvent"/>.
/// </summary>
internal sealed class RequestAudit
{
    /// <summary>What IIS logs as sc-win32-status when the client went away mid-request (ERROR_NETNAME_DELETED).</summary>
    private const int ClientDisconnected = 64;

    private readonly HttpContext _http;
    private readonly long _started;
    private readonly TimeProvider _time;
    private readonly CountingStream _request;
    private readonly CountingResponseBody _response;
    private readonly AbortWatch _lifetime;

    private RequestAudit(HttpContext http, TimeProvider time)
    {
        _http = http;
        _time = time;
        _started = time.GetTimestamp();
        _request = new CountingStream(http.Request.Body);
        http.Request.Body = _request;
        // The response body feature wrapped, not Response.Body replaced: BodyWriter stays the
        // server's own writer (see CountingResponseBody).
        _response = new CountingResponseBody(http.Features.GetRequiredFeature<IHttpResponseBodyFeature>());
        http.Features.Set<IHttpResponseBodyFeature>(_response);
        // Kestrel always has one; DefaultHttpContext makes its own only when first asked.
        _lifetime = new AbortWatch(http.Features.Get<IHttpRequestLifetimeFeature>() ?? new HttpRequestLifetimeFeature());
        http.Features.Set<IHttpRequestLifetimeFeature>(_lifetime);
    }

    /// <summary>Starts counting; null when nothing reads the audit log, so the request runs untouched.</summary>
    public static RequestAudit? Begin(HttpContext http, IAuditLog log, TimeProvider time) =>
        log.IsEnabled ? new RequestAudit(http, time) : null;

    public void End(IAuditLog log)
    {
        // The server's own response body feature back, as it was before Begin.
        _http.Features.Set(_response.Prior);
        _http.Features.Set(_lifetime.Prior);
        var aborted = _lifetime.Aborted || _http.RequestAborted.IsCancellationRequested;
        var connection = _http.Connection;
        var method = _http.Request.Method;
        var status = _http.Response.StatusCode;
        var transfer = (method, status) switch
        {
            ("GET", 200 or 206) => AuditTransfer.Download,
            ("PUT", 200 or 201 or 204) => AuditTransfer.Upload,
            _ => AuditTransfer.None,
        };

        // The name the client gave, accepted or not, as IIS logs cs-username; never the password.
        var user = BasicCredentials.TryParse(_http.Request.Headers.Authorization.ToString(), out var credentials) ? credentials.UserName : null;
        log.Write(new AuditEvent(
            _time.GetUtcNow(),
            connection.Id ?? "",
            _http.Request.IsHttps ? "https" : "http",
            new IPEndPoint(ClientAddress.Normalize(connection.RemoteIpAddress ?? IPAddress.None), connection.RemotePort),
            new IPEndPoint(ClientAddress.Normalize(connection.LocalIpAddress ?? IPAddress.None), connection.LocalPort),
            user,
            method,
            (_http.Request.PathBase + _http.Request.Path).Value is { Length: > 0 } path ? path : "/",
            status,
            _time.GetElapsedTime(_started))
        {
            Win32Status = aborted ? ClientDisconnected : 0,
            BytesSent = _response.Sent(aborted),
            BytesReceived = _request.Count,
            Transfer = transfer,
            Host = _http.Items.TryGetValue(Auth.DavLogon.SiteItem, out var site) ? site as string : null,
        });
    }

    /// <summary>
    /// The request's lifetime feature, passed through, noting an abort the moment it is asked for.
    /// Kestrel cancels RequestAborted on the thread pool after an abort, not within it: a handler that
    /// cuts the connection (a GET whose send broke off) ends before the token says so, and the entry
    /// would log a download the client never got as complete. Seen as a flaky sc-win32-status 0 in
    /// the native AOT build, whose timing differs.
    /// </summary>
    private sealed class AbortWatch(IHttpRequestLifetimeFeature prior) : IHttpRequestLifetimeFeature
    {
        public IHttpRequestLifetimeFeature Prior => prior;

        public bool Aborted { get; private set; }

        public CancellationToken RequestAborted
        {
            get => prior.RequestAborted;
            set => prior.RequestAborted = value;
        }

        public void Abort()
        {
            Aborted = true;
            prior.Abort();
        }
    }
}
