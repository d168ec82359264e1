using Ferry.Core.Identity;

namespace Ferry.Ftp.Commands;

/// <summary>
/// An account's FTP command deny list (<see cref="AccountPolicy.DeniedCommands"/>), applied by the
/// dispatcher to every row of the command table after logon. A verb's RFC 775 alias is refused with
/// it, so that denying CWD does not leave XCWD open.
/// </summary>
public static class CommandFilter
{
    /// <summary>RFC 775's X-verbs and the verbs they stand for.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["XCWD"] = "CWD",
        ["XCUP"] = "CDUP",
        ["XPWD"] = "PWD",
        ["XMKD"] = "MKD",
        ["XRMD"] = "RMD",
    };

    /// <summary>True when <paramref name="policy"/> refuses <paramref name="spec"/>. The pre-login surface (USER, PASS, QUIT, AUTH...) is never refused.</summary>
    public static bool Refuses(AccountPolicy policy, FtpCommandSpec spec)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(spec);
        if (policy.DeniedCommands.IsDefaultOrEmpty || !spec.NeedsLogin)
        {
            return false;
        }

        return policy.DeniesCommand(spec.Verb) || (Aliases.TryGetValue(spec.Verb, out var verb) && policy.DeniesCommand(verb));
    }

    /// <summary>
    /// Why a verb cannot be put on a deny list, or null when it can: it must be a command of the
    /// table, and not one of the pre-login surface, which every session needs to log on and leave.
    /// </summary>
    public static string? Problem(string verb, FtpCommandTable? table = null)
    {
        ArgumentNullException.ThrowIfNull(verb);
        var spec = (table ?? FtpCommandTable.Default).Find(verb.Trim().ToUpperInvariant());
        return spec is null ? $"'{verb}' is not an FTP command this server knows"
            : !spec.NeedsLogin ? $"{spec.Verb} cannot be denied: every session needs it to log on, secure the connection or leave"
            : null;
    }
}
