using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ferry.Core.Access;
using Ferry.Core.Diagnostics;

namespace Ferry.Admin;

/// <summary>One session in `GET /api/sessions`. Ids are hexadecimal, as FTP's log lines name sessions.</summary>
public sealed record SessionInfo(
    string Id,
    string Protocol,
    string? User,
    string Client,
    DateTimeOffset ConnectedAt,
    string? Command,
    TransferInfo? Transfer)
{
    /// <summary>What the client program calls itself (FTP's CLNT); left out when it did not say.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Software { get; init; }

    /// <summary>The virtual FTP site whose account is signed in (RFC 7151 HOST); null for the server's own.</summary>
    public string? Site { get; init; }

    public static SessionInfo From(SessionSnapshot session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new SessionInfo(SessionIds.Format(session.Id), session.Protocol, session.User, session.ClientAddress.ToString(), session.ConnectedAt, session.Command,
            session.Transfer is { } t ? new TransferInfo(t.Path, t.Direction == TransferDirection.Download ? "download" : "upload", t.StartedAt, t.Bytes, Math.Round(t.Rate)) : null)
        {
            Software = session.Software,
            Site = session.Site,
        };
    }
}

/// <param name="BytesPerSecond">Averaged since the transfer started.</param>
public sealed record TransferInfo(string Path, string Direction, DateTimeOffset StartedAt, long Bytes, double BytesPerSecond);

/// <summary>One entry of `GET /api/bans`: the address (an IPv6 client's whole /64), failures counted, and when the ban ends.</summary>
public sealed record BanInfo(string Address, int PrefixLength, int Failures, DateTimeOffset Until)
{
    public static BanInfo From(Ban ban)
    {
        ArgumentNullException.ThrowIfNull(ban);
        return new BanInfo(ban.Address.ToString(), ban.PrefixLength, ban.Failures, ban.Until);
    }
}

/// <summary>The body of every refusal and confirmation: one sentence.</summary>
public sealed record AdminMessage(string Message);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SessionInfo[]))]
[JsonSerializable(typeof(BanInfo[]))]
[JsonSerializable(typeof(AdminMessage))]
public sealed partial class AdminJson : JsonSerializerContext;

/// <summary>Session ids as the admin API and FTP's logs show them (hexadecimal).</summary>
public static class SessionIds
{
    public static string Format(long id) => id.ToString("x", CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out long id) =>
        long.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out id) && id > 0;
}
