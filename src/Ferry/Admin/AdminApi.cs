using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ferry.Core.Access;

namespace Ferry.Admin;

/// <summary>
/// The admin endpoint's own requests: health checks without a token, and with the bearer token the
/// session list, disconnecting a session, and the ban list. /metrics is the Prometheus exporter's,
/// behind the same token check (<see cref="RequireToken"/>). Only the admin port reaches this.
/// </summary>
/// <param name="ready">True once the listeners run and the storage root answers (see <see cref="Readiness"/>).</param>
public sealed class AdminApi(SessionRegistry sessions, FailureTracker bans, string token, Func<bool> ready, ILogger logger)
{
    /// <summary>What a disconnected FTP client reads after "421".</summary>
    public const string DisconnectReason = "Disconnected by the server's administrator.";

    /// <summary>Middleware for the admin branch: everything but the health checks needs the token.</summary>
    public async Task RequireToken(HttpContext http, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(next);
        if (IsHealthCheck(http.Request.Path) || AdminToken.Matches(token, http.Request.Headers.Authorization))
        {
            await next().ConfigureAwait(false);
            return;
        }

        http.Response.Headers.WWWAuthenticate = "Bearer realm=\"ferry-admin\"";
        await WriteAsync(http, StatusCodes.Status401Unauthorized,
            new AdminMessage($"Send the token from the data folder's {AdminToken.FileName} as 'Authorization: Bearer TOKEN'."), AdminJson.Default.AdminMessage).ConfigureAwait(false);
    }

    /// <summary>The terminal handler of the admin branch.</summary>
    public Task HandleAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var method = http.Request.Method;
        var path = http.Request.Path.Value ?? "/";
        return (method, path) switch
        {
            ("GET" or "HEAD", "/healthz") => Text(http, StatusCodes.Status200OK, "ok"),
            ("GET" or "HEAD", "/readyz") => ready() ? Text(http, StatusCodes.Status200OK, "ready") : Text(http, StatusCodes.Status503ServiceUnavailable, "not ready"),
            ("GET", "/api/sessions") => WriteAsync(http, StatusCodes.Status200OK,
                [.. sessions.Snapshot().Select(session => SessionInfo.From(session.Snapshot()))], AdminJson.Default.SessionInfoArray),
            ("DELETE", _) when path.StartsWith("/api/sessions/", StringComparison.Ordinal) => KillAsync(http, path["/api/sessions/".Length..]),
            ("GET", "/api/bans") => WriteAsync(http, StatusCodes.Status200OK,
                [.. bans.CurrentBans().Select(BanInfo.From)], AdminJson.Default.BanInfoArray),
            ("DELETE", _) when path.StartsWith("/api/bans/", StringComparison.Ordinal) => LiftAsync(http, Uri.UnescapeDataString(path["/api/bans/".Length..])),
            _ => WriteAsync(http, StatusCodes.Status404NotFound, new AdminMessage($"No {method} {path} here: see docs/operations.md for the admin API."), AdminJson.Default.AdminMessage),
        };
    }

    private async Task KillAsync(HttpContext http, string idText)
    {
        if (!SessionIds.TryParse(idText, out var id) || sessions.Find(id) is not { } session)
        {
            await WriteAsync(http, StatusCodes.Status404NotFound, new AdminMessage($"No session {idText} is open."), AdminJson.Default.AdminMessage).ConfigureAwait(false);
            return;
        }

        logger.LogWarning("Admin: disconnecting {Session}", session);
        await session.CloseAsync(DisconnectReason).ConfigureAwait(false);
        await WriteAsync(http, StatusCodes.Status200OK, new AdminMessage($"Session {idText} disconnected."), AdminJson.Default.AdminMessage).ConfigureAwait(false);
    }

    private async Task LiftAsync(HttpContext http, string addressText)
    {
        if (!IPAddress.TryParse(addressText, out var address))
        {
            await WriteAsync(http, StatusCodes.Status400BadRequest, new AdminMessage($"'{addressText}' is not an IP address."), AdminJson.Default.AdminMessage).ConfigureAwait(false);
            return;
        }

        if (!bans.Lift(address))
        {
            await WriteAsync(http, StatusCodes.Status404NotFound, new AdminMessage($"{address} is not banned."), AdminJson.Default.AdminMessage).ConfigureAwait(false);
            return;
        }

        logger.LogWarning("Admin: lifted the ban on {Address}", address);
        await WriteAsync(http, StatusCodes.Status200OK, new AdminMessage($"The ban on {address} is lifted."), AdminJson.Default.AdminMessage).ConfigureAwait(false);
    }

    private static bool IsHealthCheck(PathString path) => path == "/healthz" || path == "/readyz";

    private static Task Text(HttpContext http, int status, string text)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return HttpMethods.IsHead(http.Request.Method) ? Task.CompletedTask : http.Response.WriteAsync(text + "\n");
    }

    private static async Task WriteAsync<T>(HttpContext http, int status, T value, JsonTypeInfo<T> type)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(http.Response.Body, value, type, http.RequestAborted).ConfigureAwait(false);
    }
}
