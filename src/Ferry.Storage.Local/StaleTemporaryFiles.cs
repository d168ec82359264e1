using System.Runtime.InteropServices;
using System.Text;
using Ferry.Core.Storage;
using static Ferry.Storage.Local.LinuxNative;

namespace Ferry.Storage.Local;

/// <summary>
/// Finds and deletes temporary upload files under a folder: depth first, one open directory per
/// level, never through a symlink (children are opened with O_NOFOLLOW relative to their parent),
/// and never one that an upload still holds open, in this process or another.
/// </summary>
internal static class StaleTemporaryFiles
{
    private static readonly byte[] PrefixBytes = Encoding.UTF8.GetBytes(ReservedNames.Prefix);

    public static unsafe int Remove(int rootFd, int maxDepth)
    {
        var removed = 0;
        var stack = new Stack<nint>();
        try
        {
            Push(stack, OpenAt(rootFd, ".", ORdOnly | ODirectory | OCloExec, 0));
            // Bounded: every folder is visited once (no links followed) and at most maxDepth deep.
            while (stack.Count > 0)
            {
                var dir = stack.Peek();
                var entry = ReadDir(dir);
                if (entry == null)
                {
                    _ = CloseDir(stack.Pop());
                    continue;
                }

                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(entry + DirentNameOffset);
                if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8))
                {
                    continue;
                }

                var nameText = Encoding.UTF8.GetString(name);
                var type = entry[DirentTypeOffset];
                if (name.StartsWith(PrefixBytes))
                {
                    if (LocalEntries.TryLstat(DirFd(dir), nameText, out var status) && status.Type == SIfReg
                        && RemoveUnclaimed(DirFd(dir), nameText))
                    {
                        removed++;
                    }

                    continue;
                }

                if (stack.Count < maxDepth && (type == DtDir || (type == 0 && IsFolder(DirFd(dir), nameText))))
                {
                    Push(stack, OpenAt(DirFd(dir), nameText, ORdOnly | ODirectory | ONoFollow | OCloExec, 0));
                }
            }
        }
        finally
        {
            while (stack.Count > 0)
            {
                _ = CloseDir(stack.Pop());
            }
        }

        return removed;
    }

    /// <summary>
    /// Deletes the file unless an upload still holds it (<see cref="TemporaryNames.Claim"/>): its lock
    /// is taken first and held while the name goes, so a live upload of another process is never cut.
    /// </summary>
    private static bool RemoveUnclaimed(int dirFd, string name)
    {
        var fd = OpenAt(dirFd, name, ORdOnly | ONoFollow | ONonBlock | OCloExec, 0);
        if (fd < 0)
        {
            return false;
        }

        try
        {
            return Flock(fd, LockExclusive | LockNoWait) == 0 && UnlinkAt(dirFd, name, 0) == 0;
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>d_type 0 (DT_UNKNOWN): some file systems leave the type to a stat.</summary>
    private static bool IsFolder(int dirFd, string name) =>
        LocalEntries.TryLstat(dirFd, name, out var status) && status.Type == SIfDir;

    private static void Push(Stack<nint> stack, int fd)
    {
        if (fd < 0)
        {
            return; // unreadable folder: skip it, the rest is still cleaned
        }

        var dir = FdOpenDir(fd);
        if (dir == 0)
        {
            _ = Close(fd);
            return;
        }

        stack.Push(dir);
    }
}
