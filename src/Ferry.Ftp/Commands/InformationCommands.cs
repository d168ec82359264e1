using System.Text;
using Ferry.Ftp.Protocol;
using Ferry.Ftp.Session;

namespace Ferry.Ftp.Commands;

/// <summary>About the server and the session: SYST NOOP HELP FEAT OPTS.</summary>
internal static class InformationCommands
{
    public static IEnumerable<FtpCommandSpec> Specs =>
    [
        new("SYST", ArgumentRule.None, "", "Names the system type.", SystAsync, NeedsLogin: false),
        new("NOOP", ArgumentRule.Optional, "", "Does nothing; keeps the connection alive.", NoopAsync, NeedsLogin: false, DuringTransfer: true),
        new("HELP", ArgumentRule.Optional, "[<command>]", "Lists the commands, or explains one.", HelpAsync, NeedsLogin: false),
        new("FEAT", ArgumentRule.None, "", "Lists the extensions offered (RFC 2389).", FeatAsync, NeedsLogin: false),
        new("OPTS", ArgumentRule.Required, "<command> <options>", "Sets options for a command (RFC 2389).", OptsAsync, NeedsLogin: false, Feature: "UTF8"),
    ];

    // Every client parses the Unix listing style; "L8" says bytes are 8 bits (RFC 959 TYPE L 8).
    private static ValueTask SystAsync(FtpSession session, string argument, CancellationToken ct) =>
        session.ReplyAsync(215, "UNIX Type: L8", ct);

    private static ValueTask NoopAsync(FtpSession session, string argument, CancellationToken ct) =>
        session.ReplyAsync(200, "NOOP command successful.", ct);

    private static ValueTask HelpAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var verb = argument.Trim().ToUpperInvariant();
        if (verb.Length > 0)
        {
            var spec = session.Commands.Find(verb);
            return spec is null
                ? session.ReplyAsync(502, $"Unknown command '{FtpSession.Printable(verb)}'.", ct)
                : session.ReplyAsync(214, $"Syntax: {spec.Verb}{(spec.Syntax.Length > 0 ? " " + spec.Syntax : "")} - {spec.Help}", ct);
        }

        var text = new StringBuilder("The following commands are recognized:\n");
        var verbs = session.Commands.All.Select(s => s.Verb).ToArray();
        for (var i = 0; i < verbs.Length; i += 8)
        {
            text.Append(' ').AppendJoin(' ', verbs.Skip(i).Take(8).Select(v => v.PadRight(5))).Append('\n');
        }

        text.Append("Help OK.");
        return session.ReplyAsync(214, text.ToString(), ct);
    }

    /// <summary>
    /// OPTS MODE Z LEVEL n (draft-preston-ftpext-deflate): zlib's level 0-9 for the next MODE Z
    /// transfers; OPTS MODE Z alone shows it.
    /// </summary>
    private static ValueTask OptsModeZAsync(FtpSession session, string[] options, CancellationToken ct)
    {
        switch (options)
        {
            case []:
                return session.ReplyAsync(200, $"MODE Z LEVEL {session.DeflateLevel}", ct);
            case ["LEVEL", var text] when int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var level) && level <= DeflateLevels.Max:
                session.DeflateLevel = level;
                return session.ReplyAsync(200, $"MODE Z LEVEL set to {level}.", ct);
            default:
                return session.ReplyAsync(501, $"Syntax: OPTS MODE Z LEVEL <0-{DeflateLevels.Max}>.", ct);
        }
    }

    private static ValueTask FeatAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var text = new StringBuilder("Features:\n");
        foreach (var feature in session.Commands.FeaturesFor(session.Tls.Enabled, session.StorageCapabilities))
        {
            // The HASH line marks the algorithm this session selected (draft-bryan-ftpext-hash 3.1).
            text.Append(' ').Append(feature == HashNames.DefaultFeature ? HashNames.Feature(session.HashAlgorithm) : feature).Append('\n');
        }

        text.Append(" TVFS\nEnd");
        return session.ReplyAsync(211, text.ToString(), ct);
    }

    private static ValueTask OptsAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var words = argument.Trim().ToUpperInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        switch (words)
        {
            case ["UTF8" or "UTF-8", "ON"] or ["UTF8" or "UTF-8"]:
                return session.ReplyAsync(200, "UTF8 set to on.", ct);
            case ["MLST", ..]:
                var list = argument.Trim().Length > 4 ? argument.Trim()[4..].Trim() : "";
                session.MlstFacts = Protocol.MlsxFacts.Parse(list);
                return session.ReplyAsync(200, $"MLST OPTS {Protocol.MlsxFacts.Format(session.MlstFacts)}", ct);
            case ["HASH"]:
                return session.ReplyAsync(200, HashNames.Name(session.HashAlgorithm), ct);
            case ["HASH", var name]:
                if (!HashNames.TryParse(name, out var hash))
                {
                    return session.ReplyAsync(504, $"Unknown hash algorithm '{FtpSession.Printable(name)}'; offered: {HashNames.Feature(session.HashAlgorithm)[5..].Replace("*", "", StringComparison.Ordinal)}.", ct);
                }

                session.HashAlgorithm = hash;
                return session.ReplyAsync(200, HashNames.Name(hash), ct);
            case ["MODE", "Z", ..]:
                return OptsModeZAsync(session, words[2..], ct);
            case ["UTF8" or "UTF-8", "OFF"]:
                // Names are UTF-8 on this server whatever the client asks; saying so beats pretending.
                return session.ReplyAsync(504, "UTF8 cannot be turned off: file names are always UTF-8 here.", ct);
            default:
                return session.ReplyAsync(501, $"OPTS {FtpSession.Printable(argument)} is not understood.", ct);
        }
    }
}
