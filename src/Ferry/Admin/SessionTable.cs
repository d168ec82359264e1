using System.Globalization;
using System.Text;

namespace Ferry.Admin;

/// <summary>The session list as `ferry status` prints it: one row per session, like IIS's "FTP Current Sessions".</summary>
public static class SessionTable
{
    /// <summary>A command or path longer than this is clipped: the row must stay readable in a terminal.</summary>
    private const int MaxShown = 48;

    public static string Format(IReadOnlyList<SessionInfo> sessions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        if (sessions.Count == 0)
        {
            return "No sessions are open.";
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{"ID",-6} {"PROTOCOL",-8} {"USER",-16} {"CLIENT",-39} {"FOR",9}  COMMAND / TRANSFER");
        foreach (var session in sessions)
        {
            var what = session.Transfer is { } transfer
                ? $"{(transfer.Direction == "upload" ? "<-" : "->")} {Clip(transfer.Path)} {Size(transfer.Bytes)} at {Size((long)transfer.BytesPerSecond)}/s"
                : Clip(session.Command ?? "");
            text.AppendLine();
            text.Append(CultureInfo.InvariantCulture,
                $"{session.Id,-6} {session.Protocol,-8} {User(session),-16} {session.Client,-39} {Age(now - session.ConnectedAt),9}  {what}");
        }

        return text.ToString();
    }

    /// <summary>A virtual site's account is shown as IIS writes it at logon: site|name.</summary>
    private static string User(SessionInfo session) => session.User is null ? "-" : session.Site is null ? session.User : $"{session.Site}|{session.User}";

    private static string Clip(string text) => text.Length > MaxShown ? text[..(MaxShown - 3)] + "..." : text;

    private static string Age(TimeSpan age) => age.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalHours}h{age.Minutes:00}m")
        : string.Create(CultureInfo.InvariantCulture, $"{age.Minutes}m{age.Seconds:00}s");

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
