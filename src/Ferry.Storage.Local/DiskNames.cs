using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Ferry.Storage.Local;

/// <summary>
/// Names on a Linux disk are bytes; clients and <see cref="Core.Paths.VfsPath"/> speak UTF-8 text.
/// A name that is not valid UTF-8 (a Latin-1 name from an old tool), or holds a control character
/// or a backslash, cannot be said as it is, so it is shown escaped: each such byte as %XX (upper
/// case hex), and each '%' of that name as %25. Any other name is shown as it is. The mapping is
/// reversible: <see cref="Encode"/> turns a shown name back into exactly its bytes, so a listed
/// name can be RETR'd, renamed and deleted. Why this scheme: it is the URL escape clients and
/// administrators already read, it leaves every ordinary name (even one with a '%') unchanged, and
/// it is unambiguous: a UTF-8 name that would read as an escape ("caf%E9") is itself escaped
/// ("caf%25E9"), so no two names on disk are shown alike.
/// </summary>
/// <remarks>
/// A shown name "looks escaped" when every '%' in it begins %XX, the bytes it stands for contain no
/// '/' or NUL (an escape can never add a path step), and those bytes are a name that needs escaping
/// (not UTF-8, an unsayable character, or itself looking escaped). Only such a name is decoded.
/// </remarks>
internal static class DiskNames
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Printable ASCII but '%' and '\\': a name made only of these is shown as it is, with no check
    // rune by rune (the usual name, looked at once per entry of every listing).
    private static readonly SearchValues<byte> PlainAscii = SearchValues.Create(
        " !\"#$&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~"u8);

    /// <summary>True when every byte is printable ASCII but '%' and '\\': such a name is shown as it is.</summary>
    public static bool IsPlainAscii(ReadOnlySpan<byte> name) => !name.ContainsAnyExcept(PlainAscii);

    /// <summary>The name as clients see it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Decode(ReadOnlySpan<byte> name)
    {
        if (IsPlainAscii(name))
        {
            return Encoding.ASCII.GetString(name);
        }

        if (!name.Contains((byte)'%') && System.Text.Unicode.Utf8.IsValid(name) && !HasUnsayable(name))
        {
            return StrictUtf8.GetString(name); // nearly every name: no escape to consider
        }

        return NeedsEscape(name) ? Escape(name) : StrictUtf8.GetString(name);
    }

    /// <summary>The bytes a name as clients see it stands for (no terminating NUL).</summary>
    public static byte[] Encode(string name) =>
        name.Contains('%', StringComparison.Ordinal) && TryUnescape(name, out var bytes) && NeedsEscape(bytes)
            ? bytes
            : Encoding.UTF8.GetBytes(name);

    /// <summary>True when the name stands for bytes that are not its UTF-8 text (an escaped name).</summary>
    public static bool IsEscaped(string name) =>
        name.Contains('%', StringComparison.Ordinal) && TryUnescape(name, out var bytes) && NeedsEscape(bytes);

    /// <summary>
    /// False when the name stands for bytes that are not UTF-8 text VfsPath can carry: such a name
    /// may be read, renamed and deleted, but Ferry never writes one.
    /// </summary>
    public static bool IsWritable(string name)
    {
        if (!IsEscaped(name))
        {
            return true;
        }

        var bytes = Encode(name);
        return System.Text.Unicode.Utf8.IsValid(bytes) && !HasUnsayable(bytes);
    }

    /// <summary>A path ("a/b/c" or one name), segment by segment, NUL-terminated for the kernel.</summary>
    public static byte[] EncodePathZ(string path)
    {
        if (!path.Contains('%', StringComparison.Ordinal))
        {
            var plain = new byte[Encoding.UTF8.GetByteCount(path) + 1];
            Encoding.UTF8.GetBytes(path, plain);
            return plain;
        }

        var output = new ArrayBufferWriter<byte>(path.Length + 1);
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (i > 0)
            {
                output.Write("/"u8);
            }

            output.Write(Encode(segments[i]));
        }

        output.Write([(byte)0]);
        return output.WrittenSpan.ToArray();
    }

    private static bool NeedsEscape(ReadOnlySpan<byte> name) =>
        !System.Text.Unicode.Utf8.IsValid(name) || HasUnsayable(name) || (name.Contains((byte)'%') && IsEscaped(StrictUtf8.GetString(name)));

    /// <summary>Control characters (C0, DEL, C1) and the backslash: VfsPath cannot carry them.</summary>
    private static bool HasUnsayable(ReadOnlySpan<byte> name)
    {
        var rest = name;
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(rest, out var rune, out var consumed) == System.Buffers.OperationStatus.Done && Unsayable(rune))
            {
                return true;
            }

            rest = rest[Math.Max(consumed, 1)..];
        }

        return false;
    }

    private static bool Unsayable(Rune rune) => Rune.IsControl(rune) || rune.Value == '\\';

    private static string Escape(ReadOnlySpan<byte> name)
    {
        var text = new StringBuilder(name.Length * 2);
        var rest = name;
        while (!rest.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(rest, out var rune, out var consumed);
            consumed = Math.Max(consumed, 1);
            if (status != System.Buffers.OperationStatus.Done || Unsayable(rune) || rune.Value == '%')
            {
                foreach (var b in rest[..consumed])
                {
                    text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }
            else
            {
                text.Append(rune.ToString());
            }

            rest = rest[consumed..];
        }

        return text.ToString();
    }

    /// <summary>The bytes of a name in which every '%' begins %XX; false otherwise, or when an escape stands for '/' or NUL.</summary>
    private static bool TryUnescape(string name, out byte[] bytes)
    {
        var output = new ArrayBufferWriter<byte>(name.Length);
        Span<byte> one = stackalloc byte[4];
        for (var i = 0; i < name.Length;)
        {
            if (name[i] == '%')
            {
                if (i + 2 >= name.Length
                    || !byte.TryParse(name.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
                    || value is 0 or (byte)'/')
                {
                    bytes = [];
                    return false;
                }

                output.Write([value]);
                i += 3;
                continue;
            }

            if (Rune.DecodeFromUtf16(name.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                bytes = [];
                return false;
            }

            output.Write(one[..rune.EncodeToUtf8(one)]);
            i += used;
        }

        bytes = output.WrittenSpan.ToArray();
        return true;
    }
}
