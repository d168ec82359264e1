using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using static Ferry.Storage.Local.LinuxNative;

namespace Ferry.Storage.Local;

/// <summary>
/// A folder read for <see cref="IRawListing"/>: the entries <see cref="DirectoryListing"/> gives,
/// the same names and facts, without a string or a <see cref="FileEntry"/> per entry. A name of
/// printable ASCII (nearly every name) is handed on as the bytes readdir returned; any other name,
/// and a symbolic link (described by its target through the jail), takes DirectoryListing's own
/// steps and is written into a buffer here, so both ways agree by construction.
/// </summary>
internal sealed class RawDirectoryReader : IRawEntryReader
{
    private readonly JailedRoot _root;
    private readonly VfsPath _directory;
    private nint _dir;
    private readonly int _dirFd;

    // The Unix facts of the entry before, shared with the next one when they are equal.
    private UnixFacts? _unix;

    // The UTF-8 of a name that is not handed on as readdir's bytes (escaped or non-ASCII); grows as needed.
    private byte[] _name = new byte[256];

    public RawDirectoryReader(JailedRoot root, VfsPath directory)
    {
        _root = root;
        _directory = directory;
        (_dir, _dirFd) = DirectoryListing.OpenStream(root, directory);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe bool TryRead(out RawEntry entry)
    {
        entry = default;
        if (_dir == 0)
        {
            return false;
        }

        // Bounded by the folder's size: readdir returns each entry once, then null.
        while (true)
        {
            var dirent = ReadDir(_dir);
            if (dirent == null)
            {
                var errno = Marshal.GetLastPInvokeError();
                Dispose();
                return errno == 0 ? false : throw Errno.FromErrno(errno, "readdir");
            }

            var bytes = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(dirent + DirentNameOffset);
            var plain = IsPlain(bytes);
            string? name = null;
            if (plain)
            {
                if (bytes.SequenceEqual("."u8) || bytes.SequenceEqual(".."u8) || HasDrivePrefix(bytes))
                {
                    continue; // what VfsPath.IsAddressableName refuses among plain names
                }
            }
            else
            {
                name = DirectoryListing.NameOf(dirent);
                if (!VfsPath.IsAddressableName(name))
                {
                    continue;
                }
            }

            if (!LocalEntries.TryLstat(_dirFd, dirent + DirentNameOffset, out var status))
            {
                continue; // removed since readdir saw it
            }

            if (plain && status.Type != SIfLnk)
            {
                entry = Describe(bytes, status);
                return true;
            }

            // Any other name or a link: the entry DirectoryListing makes (a plain name reads as itself), then its bytes.
            name ??= DirectoryListing.NameOf(dirent);
            var described = status.Type == SIfLnk
                ? LocalEntries.Describe(_root, _directory.Combine(name), name, status)
                : LocalEntries.FromStatx(name, status, isLink: false, ref _unix);
            entry = new RawEntry(
                Encode(name), described.IsDirectory, described.Length, described.LastModified.UtcTicks, described.Unix!,
                described.TryGetTimeSizeTag(out var tag) ? tag : null);
            return true;
        }
    }

    public void Dispose()
    {
        if (_dir != 0)
        {
            _ = CloseDir(_dir);
            _dir = 0;
        }
    }

    /// <summary>The facts <see cref="LocalEntries.FromStatx(string, in Statx, bool, ref UnixFacts?)"/> gives, as numbers (its ETag too).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private RawEntry Describe(ReadOnlySpan<byte> name, scoped in Statx status)
    {
        var unix = LocalEntries.FactsOf(status, isLink: false, ref _unix);
        var modified = LocalEntries.ModifiedOf(status);
        var isDirectory = status.Type == SIfDir;
        var size = (long)status.Size;

        // A file's tag as FromStatx makes it (time to the nanosecond and size); a folder has none.
        TimeSizeTag? tag = isDirectory ? null : new TimeSizeTag(status.LastModified.Seconds, status.LastModified.Nanoseconds, size);
        return new RawEntry(name, isDirectory, size, modified.UtcTicks, unix, tag);
    }

    private ReadOnlySpan<byte> Encode(string name)
    {
        var needed = Encoding.UTF8.GetMaxByteCount(name.Length);
        if (_name.Length < needed)
        {
            _name = new byte[needed];
        }

        return _name.AsSpan(0, Encoding.UTF8.GetBytes(name, _name));
    }

    /// <summary>Printable ASCII but '%' and '\': the names <see cref="DiskNames.Decode"/> leaves as they are.</summary>
    private static bool IsPlain(ReadOnlySpan<byte> name) => name.Length > 0 && DiskNames.IsPlainAscii(name);

    private static bool HasDrivePrefix(ReadOnlySpan<byte> name) =>
        name.Length >= 2 && char.IsAsciiLetter((char)name[0]) && name[1] == (byte)':';
}
