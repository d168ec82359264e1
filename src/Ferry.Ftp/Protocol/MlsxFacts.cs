using System.Buffers;
using System.Globalization;
using System.Text;
using Ferry.Core.Identity;
using Ferry.Core.Storage;

namespace Ferry.Ftp.Protocol;

/// <summary>Which RFC 3659 facts MLSD/MLST lines carry; OPTS MLST chooses among them.</summary>
[Flags]
public enum MlsxFact
{
    None = 0,
    Type = 1,
    Size = 2,
    Modify = 4,
    Perm = 8,
    UnixMode = 16,
    All = Type | Size | Modify | Perm | UnixMode,
}

/// <summary>
/// Machine-readable listing lines (RFC 3659 section 7): "type=file;size=5;modify=20261126031600;perm=rwadf; name".
/// Clients that read them (lftp, FileZilla, rclone, WinSCP) get exact sizes and UTC times without
/// parsing `ls` output.
/// </summary>
public static class MlsxFacts
{
    /// <summary>The FEAT line: every fact offered, the default ones starred.</summary>
    public const string Feature = "MLST type*;size*;modify*;perm*;UNIX.mode;";

    public const MlsxFact Default = MlsxFact.Type | MlsxFact.Size | MlsxFact.Modify | MlsxFact.Perm;

    private static readonly (string Name, MlsxFact Fact)[] Names =
    [
        ("type", MlsxFact.Type), ("size", MlsxFact.Size), ("modify", MlsxFact.Modify), ("perm", MlsxFact.Perm), ("unix.mode", MlsxFact.UnixMode),
    ];

    /// <summary>Parses the fact list of "OPTS MLST type;size;" (unknown facts are ignored, as RFC 3659 7.9 asks).</summary>
    public static MlsxFact Parse(string list)
    {
        var facts = MlsxFact.None;
        foreach (var word in list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            foreach (var (name, fact) in Names)
            {
                if (string.Equals(word, name, StringComparison.OrdinalIgnoreCase))
                {
                    facts |= fact;
                }
            }
        }

        return facts;
    }

    /// <summary>"type;size;" for the OPTS MLST reply.</summary>
    public static string Format(MlsxFact facts) =>
        string.Concat(Names.Where(n => (facts & n.Fact) != 0).Select(n => (n.Fact == MlsxFact.UnixMode ? "UNIX.mode" : n.Name) + ";"));

    /// <summary>
    /// The facts part of a line at its longest: a space, "type=file;", a 20-digit size, a 14-digit
    /// time, 6 perm letters, a 4-digit mode, their names and separators, " " and CRLF come to 90 bytes.
    /// </summary>
    private const int FactsMaxBytes = 128;

    /// <summary>
    /// One line: the facts, a space, the name, CRLF. <paramref name="leadingSpace"/> is for MLST,
    /// whose fact line in the control reply starts with a space.
    /// </summary>
    /// <remarks>
    /// Written straight into the output as UTF-8 with one GetSpan/Advance pair and no per-line
    /// allocation, like <see cref="ListFormatter"/>: an MLSD listing can have 100,000 entries.
    /// </remarks>
    public static void WriteLine(FileEntry entry, string name, Permissions rights, MlsxFact facts, bool leadingSpace, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(output);
        Span<byte> span = output.GetSpan(FactsMaxBytes + Encoding.UTF8.GetMaxByteCount(name.Length));
        int at = 0;
        if (leadingSpace)
        {
            span[at++] = (byte)' ';
        }

        at += WriteFacts(span[at..], entry.IsDirectory, entry.Length, entry.LastModified.UtcTicks, entry.Unix?.Mode, rights, facts);
        at += NameLine.End(span[at..], Encoding.UTF8.GetBytes(name, span[at..]));
        output.Advance(at);
    }

    /// <summary>
    /// One MLSD line for an entry of a raw listing (<see cref="IRawListing"/>): the very bytes
    /// <see cref="WriteLine(FileEntry, string, Permissions, MlsxFact, bool, IBufferWriter{byte})"/>
    /// writes for the <see cref="FileEntry"/> of it and its name.
    /// </summary>
    public static void WriteLine(in RawEntry entry, Permissions rights, MlsxFact facts, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Span<byte> span = output.GetSpan(FactsMaxBytes + entry.Name.Length);
        int at = WriteFacts(span, entry.IsDirectory, entry.Length, entry.LastModifiedUtcTicks, entry.Unix.Mode, rights, facts);
        entry.Name.CopyTo(span[at..]);
        at += NameLine.End(span[at..], entry.Name.Length);
        output.Advance(at);
    }

    /// <summary>The facts <paramref name="facts"/> selects, each with its ';', then the space before the name.</summary>
    private static int WriteFacts(Span<byte> span, bool isDirectory, long length, long modifiedUtcTicks, UnixFileMode? unixMode, Permissions rights, MlsxFact facts)
    {
        int at = 0;
        if ((facts & MlsxFact.Type) != 0)
        {
            at += Copy(span[at..], isDirectory ? "type=dir;"u8 : "type=file;"u8);
        }

        if ((facts & MlsxFact.Size) != 0 && !isDirectory)
        {
            at += Copy(span[at..], "size="u8);
            length.TryFormat(span[at..], out int written, default, CultureInfo.InvariantCulture);
            at += written;
            span[at++] = (byte)';';
        }

        if ((facts & MlsxFact.Modify) != 0)
        {
            at += Copy(span[at..], "modify="u8);
            new DateTime(modifiedUtcTicks, DateTimeKind.Utc).TryFormat(span[at..], out int written, "yyyyMMddHHmmss", CultureInfo.InvariantCulture);
            at += written;
            span[at++] = (byte)';';
        }

        if ((facts & MlsxFact.Perm) != 0)
        {
            at += Copy(span[at..], "perm="u8);
            at += WritePerm(span[at..], isDirectory, rights);
            span[at++] = (byte)';';
        }

        if ((facts & MlsxFact.UnixMode) != 0 && unixMode is { } mode)
        {
            at += Copy(span[at..], "UNIX.mode=0"u8);
            at += WriteOctal(span[at..], (int)mode & 0xFFF);
            span[at++] = (byte)';';
        }

        span[at++] = (byte)' ';
        return at;
    }

    /// <summary>RFC 3659 7.5.5: what the account may do with this entry, as letters.</summary>
    private static int WritePerm(Span<byte> span, bool directory, Permissions rights)
    {
        int at = 0;
        if (directory)
        {
            Add(rights, Permissions.List, 'e', span, ref at);
            Add(rights, Permissions.List, 'l', span, ref at);
            Add(rights, Permissions.Write, 'c', span, ref at);
            Add(rights, Permissions.Mkdir, 'm', span, ref at);
        }
        else
        {
            Add(rights, Permissions.Read, 'r', span, ref at);
            Add(rights, Permissions.Write, 'w', span, ref at);
            Add(rights, Permissions.Append | Permissions.Write, 'a', span, ref at);
        }

        Add(rights, Permissions.Delete, 'd', span, ref at);
        Add(rights, Permissions.Rename, 'f', span, ref at);
        return at;
    }

    private static void Add(Permissions rights, Permissions needed, char letter, Span<byte> span, ref int at)
    {
        if ((rights & needed) != 0)
        {
            span[at++] = (byte)letter;
        }
    }

    /// <summary>Octal digits without leading zeros ("0" for zero), as Convert.ToString(value, 8) writes them.</summary>
    private static int WriteOctal(Span<byte> span, int value)
    {
        int digits = 1;
        for (int rest = value >> 3; rest != 0; rest >>= 3)
        {
            digits++;
        }

        for (int i = digits - 1; i >= 0; i--)
        {
            span[i] = (byte)('0' + (value & 7));
            value >>= 3;
        }

        return digits;
    }

    private static int Copy(Span<byte> span, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(span);
        return bytes.Length;
    }
}
