using System.Runtime.CompilerServices;
namespace Ferry.Core.Paths;

/// <summary>
/// A path inside an account's virtual file system: always rooted ("/"), normalised (no ".", "..",
/// empty or backslash segments) and immutable. It is the only way code above storage names a file,
/// so a value of this type can never point outside the root it is resolved against.
/// </summary>
public sealed class VfsPath : IEquatable<VfsPath>
{
    public static readonly VfsPath Root = new("/", []);

    private readonly string[] _segments;

    private VfsPath(string value, string[] segments)
    {
        Value = value;
        _segments = segments;
        // A read-only view: handing out the array itself would let a caller cast it back and
        // change a path that is supposed to be immutable (and already checked).
        Segments = Array.AsReadOnly(segments);
    }

    /// <summary>The normalised text, "/" or "/a/b".</summary>
    public string Value { get; }

    public IReadOnlyList<string> Segments { get; }

    public bool IsRoot => _segments.Length == 0;

    /// <summary>The last segment; "" for the root.</summary>
    public string Name => IsRoot ? "" : _segments[^1];

    public VfsPath Parent => IsRoot ? this : FromSegments(_segments[..^1]);

    /// <summary>
    /// Resolves <paramref name="input"/> (absolute or relative to <paramref name="current"/>) the way
    /// a file-transfer client means it. Backslashes count as separators (Windows clients send them);
    /// ".." above the root stays at the root, as on a Unix root directory. Fails for text a client
    /// cannot mean as a path in this tree: NUL or other control characters, and drive-letter prefixes
    /// such as "C:" or "C:\".
    /// </summary>
    public static bool TryResolve(string? input, VfsPath current, out VfsPath path)
    {
        path = current;
        if (string.IsNullOrEmpty(input))
        {
            return true;
        }

        if (!HasTypableCharacters(input) || HasDrivePrefix(input))
        {
            return false;
        }

        var text = input.Replace('\\', '/');

        var segments = new List<string>(text.StartsWith('/') ? 8 : current._segments.Length + 8);
        if (!text.StartsWith('/'))
        {
            segments.AddRange(current._segments);
        }

        foreach (var part in text.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(part);
        }

        path = FromSegments([.. segments]);
        return true;
    }

    /// <summary>
    /// True when <paramref name="name"/>, found in a folder, is addressable as itself: what
    /// <see cref="TryResolve"/> would turn into that one segment unchanged. Listings call this per
    /// entry, so it does what TryResolve does for one name without building a path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsAddressableName(string name) =>
        name.Length > 0
        && name is not ("." or "..")
        && !name.AsSpan().ContainsAny('/', '\\')
        && HasTypableCharacters(name)
        && !HasDrivePrefix(name);

    /// <summary>
    /// The same for a name given as UTF-8 (<see cref="Storage.IRawListing"/>), without a string: a name
    /// of printable ASCII is checked as bytes, any other decoded into a buffer on the stack (or the
    /// pool, for a very long one) and checked as <see cref="IsAddressableName(string)"/> checks it.
    /// Bytes that are not UTF-8 are no name of this tree.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsAddressableName(ReadOnlySpan<byte> utf8)
    {
        if (System.Text.Ascii.IsValid(utf8))
        {
            foreach (var b in utf8)
            {
                if (b < 0x20 || b == 0x7F || b == (byte)'/' || b == (byte)'\\')
                {
                    return false;
                }
            }

            return utf8.Length > 0
                && !utf8.SequenceEqual("."u8) && !utf8.SequenceEqual(".."u8)
                && !(utf8.Length >= 2 && char.IsAsciiLetter((char)utf8[0]) && utf8[1] == (byte)':');
        }

        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            return false;
        }

        // At most one char per byte.
        char[]? rented = null;
        var chars = utf8.Length <= 512 ? stackalloc char[utf8.Length] : (rented = System.Buffers.ArrayPool<char>.Shared.Rent(utf8.Length));
        try
        {
            var name = chars[..System.Text.Encoding.UTF8.GetChars(utf8, chars)];
            return !name.ContainsAny('/', '\\') && HasTypableCharacters(name) && !HasDrivePrefix(name);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool HasTypableCharacters(ReadOnlySpan<char> input)
    {
        for (var i = 0; i < input.Length; i++)
        {
            var c = input[i];
            // char.IsControl covers C0, DEL and C1: none of them can be typed as part of a name, and
            // CR/LF in a name would break line-based listings.
            if (char.IsControl(c))
            {
                return false;
            }

            // A lone surrogate has no UTF-8 form: the file system would see U+FFFD instead, so two
            // different paths could name one file.
            if (char.IsHighSurrogate(c) && i + 1 < input.Length && char.IsLowSurrogate(input[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>"C:" or "C:\" and the like: a Windows drive, not a name in this tree.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool HasDrivePrefix(ReadOnlySpan<char> text) =>
        text.Length >= 2 && char.IsAsciiLetter(text[0]) && text[1] == ':';

    /// <summary>Parses an absolute path; throws for text <see cref="TryResolve"/> rejects.</summary>
    public static VfsPath Parse(string input) =>
        TryResolve(input, Root, out var path) ? path : throw new FormatException($"'{input}' is not a valid path.");

    public VfsPath Combine(string name) =>
        TryResolve(name, this, out var path) ? path : throw new FormatException($"'{name}' is not a valid name.");

    /// <summary>This path with <paramref name="path"/>, read as relative to it, appended: "/a" and "/b/c" give "/a/b/c".</summary>
    public VfsPath Append(VfsPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.IsRoot ? this : IsRoot ? path : FromSegments([.. _segments, .. path._segments]);
    }

    /// <summary>What lies below <paramref name="ancestor"/> as a rooted path ("/a/b/c" below "/a" is "/b/c"); null when this path is not at or below it.</summary>
    public VfsPath? RelativeTo(VfsPath ancestor) => RelativeTo(ancestor, StringComparison.Ordinal);

    /// <summary>What lies below <paramref name="ancestor"/>, names compared by <paramref name="names"/>; the rest keeps this path's own spelling.</summary>
    public VfsPath? RelativeTo(VfsPath ancestor, StringComparison names)
    {
        ArgumentNullException.ThrowIfNull(ancestor);
        return IsAtOrBelow(ancestor, names) ? FromSegments(_segments[ancestor._segments.Length..]) : null;
    }

    /// <summary>True when this path is <paramref name="ancestor"/> or lies below it.</summary>
    public bool IsAtOrBelow(VfsPath ancestor) => IsAtOrBelow(ancestor, StringComparison.Ordinal);

    /// <summary>True when this path is <paramref name="ancestor"/> or lies below it, names compared by <paramref name="names"/>.</summary>
    public bool IsAtOrBelow(VfsPath ancestor, StringComparison names)
    {
        if (ancestor._segments.Length > _segments.Length)
        {
            return false;
        }

        for (var i = 0; i < ancestor._segments.Length; i++)
        {
            if (!string.Equals(_segments[i], ancestor._segments[i], names))
            {
                return false;
            }
        }

        return true;
    }

    private static VfsPath FromSegments(string[] segments) =>
        segments.Length == 0 ? Root : new VfsPath("/" + string.Join('/', segments), segments);

    public bool Equals(VfsPath? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is VfsPath other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value;

    public static bool operator ==(VfsPath? left, VfsPath? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(VfsPath? left, VfsPath? right) => !(left == right);
}
