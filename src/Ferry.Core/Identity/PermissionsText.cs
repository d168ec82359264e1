namespace Ferry.Core.Identity;

/// <summary>
/// The words administrators write for <see cref="Permissions"/> in configuration and on the command
/// line: "list,read,write,append,delete,rename,mkdir,settime,chmod", or "all", "readonly", "none";
/// case-insensitive, separated by commas or spaces. Several words combine.
/// </summary>
public static class PermissionsText
{
    private static readonly (string Word, Permissions Value)[] Singles =
    [
        ("list", Permissions.List),
        ("read", Permissions.Read),
        ("write", Permissions.Write),
        ("append", Permissions.Append),
        ("delete", Permissions.Delete),
        ("rename", Permissions.Rename),
        ("mkdir", Permissions.Mkdir),
        ("settime", Permissions.SetTime),
        ("chmod", Permissions.Chmod),
    ];

    private static readonly (string Word, Permissions Value)[] Groups =
    [
        ("all", Permissions.All),
        ("readonly", Permissions.ReadOnly),
        ("none", Permissions.None),
    ];

    private static readonly char[] Separators = [',', ' ', '\t'];

    /// <summary>Every word <see cref="Parse"/> understands, for help texts and error messages.</summary>
    public static IEnumerable<string> Words => Singles.Concat(Groups).Select(entry => entry.Word);

    /// <exception cref="FormatException">Empty text or a word that is not a permission; the message names it.</exception>
    public static Permissions Parse(string text) =>
        TryParse(text, out var permissions, out var error) ? permissions : throw new FormatException(error);

    public static bool TryParse(string? text, out Permissions permissions) => TryParse(text, out permissions, out _);

    public static bool TryParse(string? text, out Permissions permissions, out string? error)
    {
        permissions = Permissions.None;
        error = null;
        var words = (text ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            // An empty setting is more likely a mistake than a wish for no rights; "none" says that.
            error = $"No permissions given; write 'none' for no rights. Known words: {string.Join(", ", Words)}.";
            return false;
        }

        foreach (var word in words)
        {
            if (!TryLookUp(word, out var value))
            {
                permissions = Permissions.None;
                error = $"Unknown permission '{word}'. Known words: {string.Join(", ", Words)}.";
                return false;
            }

            permissions |= value;
        }

        return true;
    }

    /// <summary>"all", "none", or the single words in a fixed order, comma-separated; <see cref="Parse"/> reads it back.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Bits that are no permission.</exception>
    public static string Format(Permissions permissions)
    {
        if ((permissions & ~Permissions.All) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(permissions), permissions, "Not a combination of permissions.");
        }

        return permissions switch
        {
            Permissions.All => "all",
            Permissions.None => "none",
            _ => string.Join(',', Singles.Where(entry => permissions.HasFlag(entry.Value)).Select(entry => entry.Word)),
        };
    }

    /// <summary>
    /// Permissions from the bits a store kept. Bits stored before <see cref="Permissions.Chmod"/>
    /// existed that held every permission there was (<see cref="Permissions.AllBeforeChmod"/>) meant
    /// "all", and still do.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Bits that are no permission.</exception>
    public static Permissions FromStored(int bits)
    {
        var permissions = (Permissions)bits;
        if ((permissions & ~Permissions.All) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "Not a combination of permissions.");
        }

        return permissions == Permissions.AllBeforeChmod ? Permissions.All : permissions;
    }

    private static bool TryLookUp(string word, out Permissions value)
    {
        foreach (var (known, permissions) in Singles.Concat(Groups))
        {
            if (string.Equals(word, known, StringComparison.OrdinalIgnoreCase))
            {
                value = permissions;
                return true;
            }
        }

        value = Permissions.None;
        return false;
    }
}
