using System.Buffers;
using System.Text;
using Ferry.Core.Storage;

namespace Ferry.Ftp.Protocol;

/// <summary>
/// Writes directory listing lines. Unix style matches `ls -l` (what nearly every client parses);
/// MS-DOS style matches IIS ("11-26-26  03:16PM       &lt;DIR&gt;          name").
/// </summary>
/// <remarks>
/// Each line is written straight into the output as UTF-8 with one GetSpan/Advance pair and no
/// per-line allocation: a listing can have 100,000 entries. Times are shown in UTC, months in
/// English, whatever the machine's culture. A CR or LF inside a name, owner or group is written as
/// '?': it would otherwise end the line early and let a file name forge listing entries.
/// </remarks>
public sealed class ListFormatter(ListStyle style, TimeProvider time)
{
    /// <summary>
    /// Older than this (or in the future by more than <see cref="FutureSlack"/>) and the Unix line
    /// shows the year instead of the time. Half a Gregorian year, as GNU ls uses.
    /// </summary>
    private static readonly TimeSpan RecentWindow = TimeSpan.FromSeconds(31_556_952 / 2);

    /// <summary>Clocks of client and server disagree a little; a file an hour "ahead" still reads as recent.</summary>
    private static readonly TimeSpan FutureSlack = TimeSpan.FromHours(1);

    /// <summary>The fixed parts of a line (mode, counts, size, date, spaces, CRLF) fit easily in this.</summary>
    private const int FixedPartMaxBytes = 128;

    /// <summary>The owner and group shown when the backend names none.</summary>
    private const string DefaultOwner = "ftp";

    private static ReadOnlySpan<byte> MonthNames => "JanFebMarAprMayJunJulAugSepOctNovDec"u8;

    // What the line before left, reused while it repeats (see WriteUnixLine): a formatter serves one
    // listing at a time. The prefix grows only for an owner or group name longer than the fixed room.
    private byte[] _prefix = new byte[FixedPartMaxBytes];
    private int _prefixLength;
    private UnixFacts? _prefixFacts;
    private bool _prefixIsDirectory;
    private bool _hasPrefix;
    private readonly byte[] _date = new byte[UnixDateBytes];
    private long _dateMinute = long.MinValue;
    private bool _dateRecent;

    // The clock is read once, at the first line: a listing shows every entry against the same "now".
    private long _nowTicks;
    private bool _hasNow;

    private const int UnixDateBytes = 12;

    /// <summary>Writes one LIST line for <paramref name="entry"/>, CRLF included, as UTF-8.</summary>
    public void WriteListLine(FileEntry entry, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(output);
        if (style == ListStyle.MsDos)
        {
            WriteMsDosLine(entry, output);
        }
        else
        {
            WriteUnixLine(entry, output);
        }
    }

    /// <summary>Writes one NLST line: the name (or <paramref name="prefix"/> + name), CRLF included.</summary>
    public static void WriteNameLine(string? prefix, string name, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(output);
        prefix ??= string.Empty;
        Span<byte> span = output.GetSpan(MaxUtf8(prefix) + MaxUtf8(name) + 2);
        int at = WriteText(span, prefix);
        at += WriteText(span[at..], name);
        at += WriteCrLf(span[at..]);
        output.Advance(at);
    }

    /// <summary>
    /// Writes one NLST line for an entry of a raw listing (<see cref="IRawListing"/>): the very bytes
    /// <see cref="WriteNameLine(string?, string, IBufferWriter{byte})"/> writes for the name it has
    /// as a string, <paramref name="prefix"/> being that prefix as UTF-8.
    /// </summary>
    public static void WriteNameLine(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> name, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Span<byte> span = output.GetSpan(prefix.Length + name.Length + 2);
        prefix.CopyTo(span);
        name.CopyTo(span[prefix.Length..]);
        output.Advance(NameLine.End(span, prefix.Length + name.Length));
    }

    /// <summary>
    /// "drwxr-xr-x    2 ftp      ftp          4096 Nov 26 03:16 name", the columns vsftpd writes. A
    /// backend without Unix facts (or without an owner's name) shows "ftp", as vsftpd does when it
    /// hides the real owners, and one link.
    /// </summary>
    /// <remarks>
    /// The columns before the size depend only on the entry's <see cref="UnixFacts"/> and folder bit,
    /// which most entries of a folder share, and the date only on the minute (and whether it is
    /// recent), which many share: both are kept from the line before and copied when they repeat,
    /// so a typical line is two copies, a number, the name and CRLF.
    /// </remarks>
    private void WriteUnixLine(FileEntry entry, IBufferWriter<byte> output)
    {
        EnsureUnixPrefix(entry.IsDirectory, entry.Unix);

        Span<byte> span = output.GetSpan(FixedPartMaxBytes + _prefixLength + MaxUtf8(entry.Name));
        int at = WriteUnixColumns(span, entry.Length, entry.LastModified.UtcTicks);
        at += WriteText(span[at..], entry.Name);
        at += WriteCrLf(span[at..]);
        output.Advance(at);
    }

    /// <summary>
    /// Writes one LIST line in Unix style for an entry of a raw listing (<see cref="IRawListing"/>):
    /// the very bytes <see cref="WriteListLine"/> writes for the <see cref="FileEntry"/> of it.
    /// </summary>
    public void WriteUnixListLine(in RawEntry entry, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        EnsureUnixPrefix(entry.IsDirectory, entry.Unix);

        Span<byte> span = output.GetSpan(FixedPartMaxBytes + _prefixLength + entry.Name.Length);
        int at = WriteUnixColumns(span, entry.Length, entry.LastModifiedUtcTicks);
        entry.Name.CopyTo(span[at..]);
        at += NameLine.End(span[at..], entry.Name.Length);
        output.Advance(at);
    }

    /// <summary>Everything before the name: the kept prefix, the size, the date and their spaces.</summary>
    private int WriteUnixColumns(Span<byte> span, long length, long modifiedUtcTicks)
    {
        _prefix.AsSpan(0, _prefixLength).CopyTo(span);
        int at = _prefixLength;
        at += WriteRightAligned(span[at..], Math.Max(length, 0), width: 8);
        span[at++] = (byte)' ';
        at += WriteUnixDate(span[at..], modifiedUtcTicks);
        span[at++] = (byte)' ';
        return at;
    }

    /// <summary>Mode, link count, owner and group, each followed by its space: what the line before the size holds; kept while the entries repeat them.</summary>
    private void EnsureUnixPrefix(bool isDirectory, UnixFacts? unix)
    {
        if (_hasPrefix && _prefixIsDirectory == isDirectory && _prefixFacts == unix)
        {
            return;
        }

        var owner = unix?.Owner ?? DefaultOwner;
        var group = unix?.Group ?? DefaultOwner;
        int needed = FixedPartMaxBytes + MaxUtf8(owner) + MaxUtf8(group);
        if (_prefix.Length < needed)
        {
            _prefix = new byte[needed];
        }

        Span<byte> span = _prefix;
        int at = WriteMode(span, isDirectory, unix);
        span[at++] = (byte)' ';
        at += WriteRightAligned(span[at..], unix?.LinkCount ?? 1, width: 4);
        span[at++] = (byte)' ';
        at += WriteLeftAligned(span[at..], owner, width: 8);
        span[at++] = (byte)' ';
        at += WriteLeftAligned(span[at..], group, width: 8);
        span[at++] = (byte)' ';
        _prefixLength = at;
        _prefixFacts = unix;
        _prefixIsDirectory = isDirectory;
        _hasPrefix = true;
    }

    /// <summary>
    /// IIS: "MM-dd-yy  hh:mmtt", then "&lt;DIR&gt;" or a size right-aligned so that it ends in column 38
    /// (0-based), then the name from column 39. Clients parse these fixed columns.
    /// </summary>
    private static void WriteMsDosLine(FileEntry entry, IBufferWriter<byte> output)
    {
        Span<byte> span = output.GetSpan(FixedPartMaxBytes + MaxUtf8(entry.Name));
        DateTime stamp = entry.LastModified.UtcDateTime;
        int at = 0;
        at += WriteTwoDigits(span[at..], stamp.Month);
        span[at++] = (byte)'-';
        at += WriteTwoDigits(span[at..], stamp.Day);
        span[at++] = (byte)'-';
        at += WriteTwoDigits(span[at..], stamp.Year % 100);
        span[at++] = (byte)' ';
        span[at++] = (byte)' ';
        int hour12 = stamp.Hour % 12 == 0 ? 12 : stamp.Hour % 12;
        at += WriteTwoDigits(span[at..], hour12);
        span[at++] = (byte)':';
        at += WriteTwoDigits(span[at..], stamp.Minute);
        at += Copy(span[at..], stamp.Hour < 12 ? "AM"u8 : "PM"u8);
        if (entry.IsDirectory)
        {
            at += Copy(span[at..], "       <DIR>          "u8);
        }
        else
        {
            span[at++] = (byte)' ';
            at += WriteRightAligned(span[at..], Math.Max(entry.Length, 0), width: 20);
            span[at++] = (byte)' ';
        }

        at += WriteText(span[at..], entry.Name);
        at += WriteCrLf(span[at..]);
        output.Advance(at);
    }

    /// <summary>Without Unix facts: 0755 for a folder, 0644 for a file (what umask 022 leaves).</summary>
    private static int WriteMode(Span<byte> span, bool isDirectory, UnixFacts? unix)
    {
        var isLink = unix?.IsSymbolicLink == true;
        UnixFileMode mode = unix?.Mode
            ?? (isDirectory ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100);
        span[0] = isLink ? (byte)'l' : isDirectory ? (byte)'d' : (byte)'-';
        WriteTriplet(span[1..], mode, UnixFileMode.UserRead, UnixFileMode.UserWrite, UnixFileMode.UserExecute, UnixFileMode.SetUser, (byte)'s');
        WriteTriplet(span[4..], mode, UnixFileMode.GroupRead, UnixFileMode.GroupWrite, UnixFileMode.GroupExecute, UnixFileMode.SetGroup, (byte)'s');
        WriteTriplet(span[7..], mode, UnixFileMode.OtherRead, UnixFileMode.OtherWrite, UnixFileMode.OtherExecute, UnixFileMode.StickyBit, (byte)'t');
        return 10;
    }

    /// <summary>"rwx" as ls shows it, the special bit in the execute place: lower case with x, upper case without.</summary>
    private static void WriteTriplet(
        Span<byte> span, UnixFileMode mode, UnixFileMode read, UnixFileMode write, UnixFileMode execute, UnixFileMode special, byte specialLetter)
    {
        span[0] = Has(mode, read) ? (byte)'r' : (byte)'-';
        span[1] = Has(mode, write) ? (byte)'w' : (byte)'-';
        bool canExecute = Has(mode, execute);
        span[2] = Has(mode, special)
            ? (canExecute ? specialLetter : (byte)char.ToUpperInvariant((char)specialLetter))
            : canExecute ? (byte)'x' : (byte)'-';
    }

    /// <summary>Enum.HasFlag boxes when the JIT does not optimise (Debug builds); this never does.</summary>
    private static bool Has(UnixFileMode mode, UnixFileMode flag) => (mode & flag) == flag;

    /// <summary>"Nov 26 03:16" for a recent time, "Nov 26  2019" otherwise; always 12 bytes.</summary>
    private int WriteUnixDate(Span<byte> span, long utcTicks)
    {
        if (!_hasNow)
        {
            _nowTicks = time.GetUtcNow().UtcTicks;
            _hasNow = true;
        }

        bool recent = utcTicks > _nowTicks - RecentWindow.Ticks && utcTicks <= _nowTicks + FutureSlack.Ticks;
        long minute = utcTicks / TimeSpan.TicksPerMinute;
        if (minute != _dateMinute || recent != _dateRecent)
        {
            FormatUnixDate(_date, new DateTime(utcTicks, DateTimeKind.Utc), recent);
            _dateMinute = minute;
            _dateRecent = recent;
        }

        _date.CopyTo(span);
        return UnixDateBytes;
    }

    private static void FormatUnixDate(Span<byte> span, DateTime stamp, bool recent)
    {
        var (year, month, day) = stamp;
        MonthNames.Slice((month - 1) * 3, 3).CopyTo(span);
        span[3] = (byte)' ';
        WriteTwoDigits(span[4..], day);
        span[6] = (byte)' ';
        if (recent)
        {
            WriteTwoDigits(span[7..], stamp.Hour);
            span[9] = (byte)':';
            WriteTwoDigits(span[10..], stamp.Minute);
        }
        else
        {
            span[7] = (byte)' ';
            WriteTwoDigits(span[8..], year / 100);
            WriteTwoDigits(span[10..], year % 100);
        }
    }

    private static int WriteTwoDigits(Span<byte> span, int value)
    {
        span[0] = (byte)('0' + (value / 10));
        span[1] = (byte)('0' + (value % 10));
        return 2;
    }

    /// <summary>A non-negative number in decimal, right-aligned in <paramref name="width"/> columns (wider when it needs more).</summary>
    private static int WriteRightAligned(Span<byte> span, long value, int width)
    {
        ulong rest = (ulong)value;
        int digits = 1;
        for (ulong bound = 10; digits < 20 && rest >= bound; bound *= 10)
        {
            digits++; // bounded: a long has at most 19 digits
        }

        int total = Math.Max(width, digits);
        span[..(total - digits)].Fill((byte)' ');
        for (int at = total - 1; at >= total - digits; at--)
        {
            span[at] = (byte)('0' + (int)(rest % 10));
            rest /= 10;
        }

        return total;
    }

    /// <summary>Pads by chars, which matches the display width for the names owners and groups have.</summary>
    private static int WriteLeftAligned(Span<byte> span, string text, int width)
    {
        int length = WriteText(span, text);
        int padding = Math.Max(width - text.Length, 0);
        span.Slice(length, padding).Fill((byte)' ');
        return length + padding;
    }

    private static int WriteText(Span<byte> span, string text)
    {
        // Nearly every name is ASCII: a straight narrowing copy; anything else goes through the encoder.
        if (System.Text.Ascii.FromUtf16(text, span, out int length) != OperationStatus.Done)
        {
            length = Encoding.UTF8.GetBytes(text, span);
        }

        return NameLine.ReplaceLineBreaks(span[..length]);
    }

    private static int WriteCrLf(Span<byte> span) => Copy(span, "\r\n"u8);

    private static int Copy(Span<byte> span, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(span);
        return bytes.Length;
    }

    private static int MaxUtf8(string text) => Encoding.UTF8.GetMaxByteCount(text.Length);
}
