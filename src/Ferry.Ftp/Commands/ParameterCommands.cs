using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Ferry.Core.Net;
using Ferry.Ftp.Data;
using Ferry.Ftp.Protocol;
using Ferry.Ftp.Session;
using Microsoft.Extensions.Logging;

namespace Ferry.Ftp.Commands;

/// <summary>Transfer parameters: TYPE STRU MODE PORT EPRT PASV EPSV REST ALLO.</summary>
internal static class ParameterCommands
{
    public static IEnumerable<FtpCommandSpec> Specs =>
    [
        new("TYPE", ArgumentRule.Required, "A | I | L 8", "Sets the representation type: A (ASCII, CRLF on the wire) or I (binary).", TypeAsync),
        new("STRU", ArgumentRule.Required, "F", "Sets the file structure; only F (file) is offered.", StruAsync),
        new("MODE", ArgumentRule.Required, "S | Z", "Sets the transfer mode: S (stream) or Z (deflate, draft-preston-ftpext-deflate).", ModeAsync, Feature: "MODE Z"),
        new("PORT", ArgumentRule.Required, "h1,h2,h3,h4,p1,p2", "Active mode: the server connects to this address.", PortAsync),
        new("EPRT", ArgumentRule.Required, "|proto|address|port|", "Active mode for IPv4 and IPv6 (RFC 2428).", EprtAsync, Feature: "EPRT"),
        new("PASV", ArgumentRule.None, "", "Passive mode: the server listens and the client connects.", PasvAsync),
        new("EPSV", ArgumentRule.Optional, "[1 | 2 | ALL]", "Passive mode for IPv4 and IPv6 (RFC 2428).", EpsvAsync, Feature: "EPSV"),
        new("REST", ArgumentRule.Required, "<offset>", "Restarts the next transfer at a byte offset.", RestAsync, Feature: "REST STREAM"),
        new("ALLO", ArgumentRule.Optional, "<size>", "Announces an upload's size; one larger than the server allows is refused at once.", AlloAsync),
    ];

    private static async ValueTask TypeAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var words = argument.ToUpperInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        switch (words)
        {
            case ["A"] or ["A", "N"]:
                session.TransferType = TransferType.Ascii;
                await session.ReplyAsync(200, "Type set to A (ASCII).", ct).ConfigureAwait(false);
                return;
            case ["I"] or ["L", "8"]:
                session.TransferType = TransferType.Image;
                await session.ReplyAsync(200, "Type set to I (binary).", ct).ConfigureAwait(false);
                return;
            case ["A" or "E", ..] or ["L", ..]:
                await session.ReplyAsync(504, $"TYPE {FtpSession.Printable(argument)} is not supported; use TYPE A or TYPE I.", ct).ConfigureAwait(false);
                return;
            default:
                await session.ReplyAsync(501, $"Unknown type '{FtpSession.Printable(argument)}'; use TYPE A or TYPE I.", ct).ConfigureAwait(false);
                return;
        }
    }

    private static ValueTask StruAsync(FtpSession session, string argument, CancellationToken ct) =>
        argument.Trim().ToUpperInvariant() switch
        {
            "F" => session.ReplyAsync(200, "Structure set to F (file).", ct),
            "R" or "P" => session.ReplyAsync(504, "Only file structure (STRU F) is supported.", ct),
            _ => session.ReplyAsync(501, "Unknown structure; use STRU F.", ct),
        };

    private static ValueTask ModeAsync(FtpSession session, string argument, CancellationToken ct)
    {
        switch (argument.Trim().ToUpperInvariant())
        {
            case "S":
                session.Deflate = false;
                return session.ReplyAsync(200, "Mode set to S (stream).", ct);
            case "Z":
                session.Deflate = true;
                return session.ReplyAsync(200, $"Mode set to Z (deflate, level {session.DeflateLevel}).", ct);
            case "B" or "C":
                return session.ReplyAsync(504, "Block and compressed modes are not supported; use MODE S or MODE Z.", ct);
            default:
                return session.ReplyAsync(501, "Unknown mode; use MODE S or MODE Z.", ct);
        }
    }

    private static async ValueTask PortAsync(FtpSession session, string argument, CancellationToken ct)
    {
        if (!DataAddress.TryParsePort(argument.Trim(), out var target))
        {
            await session.ReplyAsync(501, "Syntax error in PORT: expected h1,h2,h3,h4,p1,p2 with numbers 0-255.", ct).ConfigureAwait(false);
            return;
        }

        await SetActiveAsync(session, target, ct).ConfigureAwait(false);
    }

    private static async ValueTask EprtAsync(FtpSession session, string argument, CancellationToken ct)
    {
        switch (DataAddress.TryParseEprt(argument.Trim(), out var target))
        {
            case EprtParse.Ok:
                await SetActiveAsync(session, target!, ct).ConfigureAwait(false);
                return;
            case EprtParse.UnsupportedFamily:
                await session.ReplyAsync(522, "Network protocol not supported, use (1,2).", ct).ConfigureAwait(false);
                return;
            default:
                await session.ReplyAsync(501, "Syntax error in EPRT: expected |1|a.b.c.d|port| or |2|ipv6|port|.", ct).ConfigureAwait(false);
                return;
        }
    }

    /// <summary>RFC 2577: bounce targets are refused here, at PORT time, before any connection is made.</summary>
    private static async ValueTask SetActiveAsync(FtpSession session, IPEndPoint target, CancellationToken ct)
    {
        if (session.EpsvAllOnly)
        {
            await session.ReplyAsync(503, "EPSV ALL was sent: only EPSV may set up data connections now.", ct).ConfigureAwait(false);
            return;
        }

        var address = ClientAddress.Normalize(target.Address);
        switch (session.Server.DataChannels.Policy.CheckActiveTarget(target, session.Connection.ClientAddress))
        {
            case ActiveTargetRefusal.OtherHost:
                session.Logger.LogWarning("FTP session {Session}: refused active connection to {Target}: not the client's address {Client} (RFC 2577)", session.Connection.Id, address, session.Connection.ClientAddress);
                await session.ReplyAsync(504, $"Active mode to {address} refused: the data connection must go to your own address ({session.Connection.ClientAddress}).", ct).ConfigureAwait(false);
                return;
            case ActiveTargetRefusal.PrivilegedPort:
                session.Logger.LogWarning("FTP session {Session}: refused active connection to privileged port {Port} (RFC 2577)", session.Connection.Id, target.Port);
                await session.ReplyAsync(504, $"Active mode to port {target.Port} refused: ports below 1024 are not allowed for data connections.", ct).ConfigureAwait(false);
                return;
        }

        await session.SetActiveAsync(new IPEndPoint(address, target.Port)).ConfigureAwait(false);
        await session.ReplyAsync(200, "PORT command successful. Consider using PASV.", ct).ConfigureAwait(false);
    }

    private static async ValueTask PasvAsync(FtpSession session, string argument, CancellationToken ct)
    {
        if (session.EpsvAllOnly)
        {
            await session.ReplyAsync(503, "EPSV ALL was sent: only EPSV may set up data connections now.", ct).ConfigureAwait(false);
            return;
        }

        var advertised = session.Options.PublicAddress ?? session.Connection.LocalAddress;
        if (advertised.AddressFamily != AddressFamily.InterNetwork)
        {
            await session.ReplyAsync(425, "PASV can only carry an IPv4 address and this connection is IPv6: use EPSV (RFC 2428).", ct).ConfigureAwait(false);
            return;
        }

        var listener = await ListenAsync(session, ct).ConfigureAwait(false);
        if (listener is not null)
        {
            await session.ReplyAsync(227, DataAddress.FormatPasv(advertised, listener.LocalEndPoint.Port), ct).ConfigureAwait(false);
        }
    }

    private static async ValueTask EpsvAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var word = argument.Trim().ToUpperInvariant();
        if (word == "ALL")
        {
            session.EpsvAllOnly = true;
            await session.ReplyAsync(200, "EPSV ALL accepted: only EPSV will be used from now on.", ct).ConfigureAwait(false);
            return;
        }

        var family = session.Connection.LocalAddress.AddressFamily == AddressFamily.InterNetworkV6 ? "2" : "1";
        if (word.Length > 0 && word != family)
        {
            var code = word is "1" or "2" ? 522 : 501;
            await session.ReplyAsync(code, $"Network protocol not supported on this connection, use ({family}).", ct).ConfigureAwait(false);
            return;
        }

        var listener = await ListenAsync(session, ct).ConfigureAwait(false);
        if (listener is not null)
        {
            await session.ReplyAsync(229, DataAddress.FormatEpsv(listener.LocalEndPoint.Port), ct).ConfigureAwait(false);
        }
    }

    private static async ValueTask<Data.IPassiveListener?> ListenAsync(FtpSession session, CancellationToken ct)
    {
        var listener = await session.TakeReusablePassiveAsync().ConfigureAwait(false)
            ?? await session.Server.DataChannels.ListenAsync(session.Connection.LocalAddress, session.Connection.ClientAddress, ct).ConfigureAwait(false);
        if (listener is null)
        {
            session.Logger.LogWarning("FTP session {Session}: passive port range {Low}-{High} exhausted", session.Connection.Id, session.Options.PassivePortLow, session.Options.PassivePortHigh);
            await session.ReplyAsync(425, $"No passive port is free in the range {session.Options.PassivePortLow}-{session.Options.PassivePortHigh}; try again shortly.", ct).ConfigureAwait(false);
            return null;
        }

        await session.SetPassiveAsync(listener).ConfigureAwait(false);
        return listener;
    }

    private static async ValueTask RestAsync(FtpSession session, string argument, CancellationToken ct)
    {
        if (!long.TryParse(argument.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            await session.ReplyAsync(501, "REST needs a byte offset: a whole number of 0 or more.", ct).ConfigureAwait(false);
            return;
        }

        if (offset > 0 && session.TransferType == TransferType.Ascii)
        {
            // An offset in TYPE A would count converted bytes on the wire, which differ from the
            // stored bytes; the defined answer is to refuse rather than resume at the wrong byte.
            await session.ReplyAsync(504, "REST with an offset is only supported in binary mode: send TYPE I first.", ct).ConfigureAwait(false);
            return;
        }

        session.RestartOffset = offset;
        await session.ReplyAsync(350, $"Restarting at {offset}. Send STOR or RETR to start the transfer.", ct).ConfigureAwait(false);
    }

    /// <summary>
    /// ALLO n [R m] (RFC 959): nothing is reserved, but a size over the request filter's largest file
    /// is refused with 552 now rather than after the client sent it.
    /// </summary>
    private static ValueTask AlloAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var size = argument.Trim().Split(' ', 2)[0];
        if (session.Files is { } files && long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
            && files.CheckUploadSize(bytes) is { Ok: false } refused)
        {
            return session.ReplyErrorAsync(refused.Error, "ALLO", ct);
        }

        return session.ReplyAsync(202, "No storage allocation is needed on this server.", ct);
    }
}
