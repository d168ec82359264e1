namespace Ferry.Core.Identity;

/// <summary>
/// The one rule for account names, checked by every store, flag and configuration source and at
/// logon. A name is a name, never a path: it becomes the default home folder and appears in logs and
/// replies. Allowed: 1 to <see cref="MaxLength"/> ASCII letters, digits and <c>. _ - @</c>, starting
/// with a letter, digit or underscore and not ending with a dot. So no separator, no <c>.</c> or
/// <c>..</c>, no hidden folder, no drive letter (<c>:</c>), nothing that reads as a flag (<c>-x</c>).
/// ASCII only, like SFTPGo's default naming rule: Unicode letters bring look-alike names
/// (Latin "a" and Cyrillic "а") and folder names that macOS and Windows normalise differently.
/// </summary>
public static class AccountName
{
    /// <summary>
    /// A name becomes a folder name: 64 ASCII bytes fit every file system's name limit (255 bytes)
    /// with room to spare, and keep log lines and `ferry account list` readable. It is also the limit
    /// `ferry account add` had before this rule, so no existing name becomes invalid for its length.
    /// </summary>
    public const int MaxLength = 64;

    /// <summary>The rule in one sentence, for error messages and help.</summary>
    public const string Rule =
        "use 1-64 ASCII letters, digits and . _ - @, starting with a letter, digit or _ and not ending with a dot";

    // Windows opens these devices whatever the folder and extension ("nul.txt" included), so a home
    // folder of that name would not be a folder there.
    private static readonly string[] WindowsDeviceNames =
    [
        "CON", "PRN", "AUX", "NUL",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];

    public static bool IsValid(string? name) => Problem(name) is null;

    /// <summary>Null when <paramref name="name"/> is a valid account name, otherwise a sentence saying why not and what the rule is.</summary>
    public static string? Problem(string? name)
    {
        var reason = Reason(name);
        return reason is null ? null : $"'{Shown(name)}' is not a valid account name: {reason}; {Rule}.";
    }

    /// <exception cref="ArgumentException"><paramref name="name"/> breaks the rule.</exception>
    public static void ThrowIfInvalid(string? name, string paramName)
    {
        if (Problem(name) is { } problem)
        {
            throw new ArgumentException(problem, paramName);
        }
    }

    private static string? Reason(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "it is empty";
        }

        if (name.Length > MaxLength)
        {
            return $"it is longer than {MaxLength} characters";
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-' or '@'))
            {
                return "it contains a character that is not allowed";
            }
        }

        if (!char.IsAsciiLetterOrDigit(name[0]) && name[0] != '_')
        {
            return "it must start with a letter, digit or _";
        }

        if (name[^1] == '.')
        {
            // Windows drops a trailing dot from a folder name: "alice." would share alice's home.
            return "it must not end with a dot";
        }

        var stem = name.Split('.')[0];
        return WindowsDeviceNames.Contains(stem, StringComparer.OrdinalIgnoreCase)
            ? "it is a device name on Windows"
            : null;
    }

    /// <summary>The name as it may be echoed in a message: control characters hidden, clipped.</summary>
    private static string Shown(string? name)
    {
        const int MaxShown = MaxLength + 16;
        var text = name ?? "";
        var clipped = text.Length > MaxShown ? text[..MaxShown] + "..." : text;
        return string.Concat(clipped.Select(c => char.IsControl(c) ? '?' : c));
    }
}
