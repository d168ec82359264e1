using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Ferry.Core.Storage;

/// <summary>
/// An entity tag made of a file's modification time to the nanosecond and its length, as nginx and
/// Apache build theirs: <c>"{seconds:x}.{nanoseconds:x}-{length:x}"</c> with its quotes. Kept as the
/// three numbers a stat gives, so a listing makes no string per file: the text is written only where
/// a consumer shows it (<see cref="WriteUtf8"/> straight into a response buffer, <see cref="ToString"/>
/// for a header).
/// </summary>
/// <param name="Seconds">Modification time, whole seconds since the Unix epoch.</param>
/// <param name="Nanoseconds">The nanoseconds within that second.</param>
/// <param name="Length">The file's length in bytes.</param>
public readonly record struct TimeSizeTag(long Seconds, uint Nanoseconds, long Length)
{
    /// <summary>The longest text: two quotes, a dot, a dash, and at most 16 + 8 + 16 hex digits.</summary>
    public const int MaxLength = 44;

    /// <summary>The tag's text as ASCII (hence UTF-8) bytes; returns how many were written (at most <see cref="MaxLength"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int WriteUtf8(Span<byte> destination)
    {
        destination = destination[..MaxLength];
        destination[0] = (byte)'"';
        var at = 1;
        at += Hex((ulong)Seconds, destination[at..]);
        destination[at++] = (byte)'.';
        at += Hex(Nanoseconds, destination[at..]);
        destination[at++] = (byte)'-';
        at += Hex((ulong)Length, destination[at..]);
        destination[at++] = (byte)'"';
        return at;
    }

    /// <summary>The tag as HTTP writes it (quoted).</summary>
    public override string ToString()
    {
        Span<byte> text = stackalloc byte[MaxLength];
        var length = WriteUtf8(text);
        return Encoding.ASCII.GetString(text[..length]);
    }

    /// <summary>
    /// Lower-case hex digits without leading zeros, as the "x" format writes them (a negative value as
    /// its two's complement), by hand: "x" takes the formatter's slow generic path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Hex(ulong bits, Span<byte> destination)
    {
        var digits = bits == 0 ? 1 : (67 - BitOperations.LeadingZeroCount(bits)) / 4;
        for (var i = digits - 1; i >= 0; i--)
        {
            destination[i] = "0123456789abcdef"u8[(int)(bits & 0xF)];
            bits >>= 4;
        }

        return digits;
    }
}
