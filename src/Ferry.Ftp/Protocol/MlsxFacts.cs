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
    /// One line: the facts, a space, the name, CRLF. <paramref name="leadingSpace"/> is for MLST,
    /// whose fact line in the control reply starts with a space.
    /// </summary>
    public static void WriteLine(FileEntry entry, string name, Permissions rights, MlsxFact facts, bool leadingSpace, IBufferWriter<byte> output)
    {
        var line = new StringBuilder(96);
        if (leadingSpace)
        {
            line.Append(' ');
        }

        if ((facts & MlsxFact.Type) != 0)
        {
            line.Append("type=").Append(entry.IsDirectory ? "dir" : "file").Append(';');
        }

        if ((facts & MlsxFact.Size) != 0 && !entry.IsDirectory)
        {
            line.Append("size=").Append(entry.Length.ToString(CultureInfo.InvariantCulture)).Append(';');
        }

        if ((facts & MlsxFact.Modify) != 0)
        {
            line.Append("modify=").Append(entry.LastModified.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)).Append(';');
        }

        if ((facts & MlsxFact.Perm) != 0)
        {
            line.Append("perm=").Append(Perm(entry.IsDirectory, rights)).Append(';');
        }

        if ((facts & MlsxFact.UnixMode) != 0 && entry.Mode is { } mode)
        {
            line.Append("UNIX.mode=0").Append(Convert.ToString((int)mode & 0xFFF, 8)).Append(';');
        }

        // A CR or LF in a name would end the line and forge an entry; '?' keeps one line per file.
        line.Append(' ').Append(name.Replace('\r', '?').Replace('\n', '?')).Append("\r\n");
        var text = line.ToString();
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    /// <summary>RFC 3659 7.5.5: what the account may do with this entry.</summary>
    private static string Perm(bool directory, Permissions rights)
    {
        var perm = new StringBuilder(8);
        if (directory)
        {
            Add(rights, Permissions.List, 'e', perm);
            Add(rights, Permissions.List, 'l', perm);
            Add(rights, Permissions.Write, 'c', perm);
            Add(rights, Permissions.Mkdir, 'm', perm);
        }
        else
        {
            Add(rights, Permissions.Read, 'r', perm);
            Add(rights, Permissions.Write, 'w', perm);
            Add(rights, Permissions.Append | Permissions.Write, 'a', perm);
        }

        Add(rights, Permissions.Delete, 'd', perm);
        Add(rights, Permissions.Rename, 'f', perm);
        return perm.ToString();
    }

    private static void Add(Permissions rights, Permissions needed, char letter, StringBuilder perm)
    {
        if ((rights & needed) != 0)
        {
            perm.Append(letter);
        }
    }
}
