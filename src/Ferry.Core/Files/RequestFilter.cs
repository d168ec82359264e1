using System.Collections.Immutable;
using System.Globalization;
using Ferry.Core.Paths;

namespace Ferry.Core.Files;

/// <summary>
/// The server's (or a site's) request filtering, as IIS's <c>requestFiltering</c> has it: names that
/// are hidden, file extensions that are refused or the only ones allowed, and the largest file an
/// upload may make. <see cref="FileService"/> applies it to every call, whichever protocol asks:
/// hidden names read as absent (<see cref="FileError.NotFound"/>), refused files as
/// <see cref="FileError.Filtered"/>, uploads over the size as <see cref="FileError.TooLarge"/>.
/// Names are those the client sees (segments of its <see cref="VfsPath"/>), never the real folders
/// above an account's home.
/// </summary>
public sealed record RequestFilter
{
    /// <summary>No filtering: everything the account's rights allow.</summary>
    public static RequestFilter None { get; } = new();

    /// <summary>Names (compared without regard to case) that no path may contain, as a file or a folder.</summary>
    public ImmutableArray<string> HiddenSegments { get; init; } = [];

    /// <summary>Extensions (normalised by <see cref="NormaliseExtension"/>) whose files cannot be read, written, renamed or copied; they stay listed, as IIS lists them.</summary>
    public ImmutableArray<string> DenyExtensions { get; init; } = [];

    /// <summary>When not empty, the only extensions whose files may be read, written, renamed or copied ("" stands for no extension); the deny list still wins.</summary>
    public ImmutableArray<string> AllowExtensions { get; init; } = [];

    /// <summary>The largest file an upload may make, in bytes; null: no limit but the storage's.</summary>
    public long? MaxFileBytes { get; init; }

    /// <summary>True when no rule is set: the file service then does no work for it.</summary>
    public bool IsEmpty => Empty(HiddenSegments) && Empty(DenyExtensions) && Empty(AllowExtensions) && MaxFileBytes is null;

    /// <summary>True when <paramref name="name"/> is a hidden segment.</summary>
    public bool HidesName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Contains(HiddenSegments, name);
    }

    /// <summary>True when any segment of <paramref name="path"/> is hidden: nothing at or below a hidden folder is reachable.</summary>
    public bool Hides(VfsPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Empty(HiddenSegments))
        {
            return false;
        }

        foreach (var segment in path.Segments)
        {
            if (HidesName(segment))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Why a file of this name may not be read, written, renamed or copied (a sentence for the client,
    /// such as "files ending in .exe are not allowed here"), or null when it may. Folders are not
    /// asked: extensions concern files only.
    /// </summary>
    public string? RefusalFor(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (Empty(DenyExtensions) && Empty(AllowExtensions))
        {
            return null;
        }

        var name = Compared(fileName);
        if (Matching(DenyExtensions, name) is { } denied)
        {
            return denied.Length == 0 ? "files without an extension are not allowed here" : $"files ending in {denied} are not allowed here";
        }

        return Empty(AllowExtensions) || Matching(AllowExtensions, name) is not null
            ? null
            : $"only files ending in {string.Join(", ", AllowExtensions.Select(Shown))} are allowed here";
    }

    /// <summary>
    /// The first extension of <paramref name="list"/> that <paramref name="name"/> (as <see cref="Compared"/>
    /// gives it) ends with, or null: ".exe" matches "run.exe", ".tar.gz" matches "a.tar.gz" (not
    /// "a.gz"), and "" matches a name without a dot.
    /// </summary>
    private static string? Matching(ImmutableArray<string> list, string name)
    {
        if (list.IsDefaultOrEmpty)
        {
            return null;
        }

        foreach (var extension in list)
        {
            if (extension.Length == 0 ? ExtensionOf(name).Length == 0 : name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return extension;
            }
        }

        return null;
    }

    /// <summary>A name as the extension rules compare it: trailing dots and spaces dropped, as Windows drops them ("run.exe." is run.exe there).</summary>
    private static string Compared(string fileName) => fileName.TrimEnd('.', ' ');

    /// <summary>The sentence for an upload that would make a file larger than <see cref="MaxFileBytes"/>.</summary>
    public string SizeRefusal() =>
        string.Create(CultureInfo.InvariantCulture, $"files larger than {MaxFileBytes} bytes are not allowed here");

    /// <summary>
    /// A name's extension: from its last dot, in lower case ("" for none), after trailing dots and
    /// spaces are dropped (Windows drops them, so "run.exe." is run.exe there).
    /// </summary>
    public static string ExtensionOf(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var name = Compared(fileName);
        var dot = name.LastIndexOf('.');
        return dot < 0 ? "" : name[dot..].ToLowerInvariant();
    }

    /// <summary>
    /// An extension as configured, in the form the rules compare: ".exe", "exe" and ".EXE" are all
    /// ".exe"; ".tar.gz" is a longer ending (it matches a.tar.gz, not a.gz); "." means no extension
    /// (""). Null when it cannot be one (empty, an empty part as in ".a..b", a slash, a control character).
    /// </summary>
    public static string? NormaliseExtension(string configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var text = configured.Trim();
        if (text == ".")
        {
            return "";
        }

        var bare = text.StartsWith('.') ? text[1..] : text;
        return bare.Length == 0 || bare.Split('.').Any(part => part.Length == 0) || bare.Contains('/') || bare.Contains('\\') || bare.Any(char.IsControl)
            ? null
            : "." + bare.ToLowerInvariant();
    }

    /// <summary>Value by value: a reload compares filters, and a record would compare the lists by reference.</summary>
    public bool Equals(RequestFilter? other) =>
        other is not null && MaxFileBytes == other.MaxFileBytes
        && Same(HiddenSegments, other.HiddenSegments) && Same(DenyExtensions, other.DenyExtensions) && Same(AllowExtensions, other.AllowExtensions);

    public override int GetHashCode() => HashCode.Combine(MaxFileBytes, Count(HiddenSegments), Count(DenyExtensions), Count(AllowExtensions));

    private static string Shown(string extension) => extension.Length == 0 ? "(none)" : extension;

    private static bool Empty(ImmutableArray<string> list) => list.IsDefaultOrEmpty;

    private static int Count(ImmutableArray<string> list) => list.IsDefault ? 0 : list.Length;

    private static bool Contains(ImmutableArray<string> list, string value)
    {
        if (list.IsDefaultOrEmpty)
        {
            return false;
        }

        foreach (var item in list)
        {
            if (string.Equals(item, value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Same(ImmutableArray<string> a, ImmutableArray<string> b) =>
        (a.IsDefault ? [] : a).SequenceEqual(b.IsDefault ? [] : b, StringComparer.OrdinalIgnoreCase);
}
