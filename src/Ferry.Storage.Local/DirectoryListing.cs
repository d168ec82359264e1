using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using static Ferry.Storage.Local.LinuxNative;

namespace Ferry.Storage.Local;

/// <summary>
/// A folder's entries, read one at a time with readdir(3) from a descriptor the jail opened; nothing
/// is collected into a list. A name that is not UTF-8, or holds a control character or a backslash,
/// is listed escaped (<see cref="DiskNames"/>) and stays reachable by that name; only "." and ".."
/// are skipped. Temporary upload files are listed: they
/// carry a reserved name, which FileService hides.
/// </summary>
internal sealed class DirectoryListing(JailedRoot root, VfsPath directory) : IAsyncEnumerable<FileEntry>
{
    public IAsyncEnumerator<FileEntry> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new Enumerator(root, directory, cancellationToken);

    /// <summary>Reads the name of a struct dirent, escaped when it is not UTF-8 text a client can send (<see cref="DiskNames"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe string NameOf(byte* dirent) =>
        DiskNames.Decode(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(dirent + DirentNameOffset));

    /// <summary>
    /// Opens <paramref name="directory"/> through the jail as a directory stream for readdir(3); the
    /// stream owns the descriptor (closedir closes both), which stays valid for *at calls by name.
    /// </summary>
    public static (nint Dir, int Fd) OpenStream(JailedRoot root, VfsPath directory)
    {
        var handle = root.Open(directory, ORdOnly | ODirectory);
        var fd = (int)handle.DangerousGetHandle();
        var dir = FdOpenDir(fd);
        if (dir == 0)
        {
            var error = Errno.Last("fdopendir");
            handle.Dispose();
            throw error;
        }

        // closedir closes the descriptor now.
        handle.SetHandleAsInvalid();
        return (dir, fd);
    }

    private sealed class Enumerator(JailedRoot root, VfsPath directory, CancellationToken cancellationToken) : IAsyncEnumerator<FileEntry>
    {
        private nint _dir;
        private int _dirFd = -1;
        private bool _opened;

        // The Unix facts of the entry before, shared with the next one when they are equal.
        private UnixFacts? _unix;

        public FileEntry Current { get; private set; } = null!;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public ValueTask<bool> MoveNextAsync()
        {
            try
            {
                return ValueTask.FromResult(MoveNext());
            }
            catch (Exception e)
            {
                return ValueTask.FromException<bool>(e);
            }
        }

        public ValueTask DisposeAsync()
        {
            if (_dir != 0)
            {
                _ = CloseDir(_dir);
                _dir = 0;
            }

            return ValueTask.CompletedTask;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private unsafe bool MoveNext()
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!_opened)
            {
                Open();
            }

            if (_dir == 0)
            {
                return false;
            }

            // Bounded by the folder's size: readdir returns each entry once, then null.
            while (true)
            {
                var entry = ReadDir(_dir);
                if (entry == null)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    _ = DisposeAsync();
                    return errno == 0 ? false : throw Errno.FromErrno(errno, "readdir");
                }

                var name = NameOf(entry);
                if (!VfsPath.IsAddressableName(name))
                {
                    continue;
                }

                // The name's bytes as readdir gave them: the kernel gets them back unchanged, with no
                // encoding of the decoded name per entry.
                if (!LocalEntries.TryLstat(_dirFd, entry + DirentNameOffset, out var status))
                {
                    continue; // removed since readdir saw it
                }

                // Only a symbolic link needs its full path (to follow it through the jail); the
                // other entries of a large folder should not each build one.
                Current = status.Type == SIfLnk
                    ? LocalEntries.Describe(root, directory.Combine(name), name, status)
                    : LocalEntries.FromStatx(name, status, isLink: false, ref _unix);
                return true;
            }
        }

        private void Open()
        {
            _opened = true;
            (_dir, _dirFd) = OpenStream(root, directory);
        }
    }
}
