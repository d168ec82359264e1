using System.Runtime.InteropServices;

namespace Ferry.Storage.Local;

/// <summary>
/// The libc and kernel calls LocalStorage needs, for 64-bit Linux (glibc or musl). Every call that
/// takes a name works relative to a directory descriptor, so a path is never resolved twice.
/// </summary>
internal static unsafe partial class LinuxNative
{
    private const string Libc = "libc";

    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const int AtRemoveDir = 0x200;
    public const int AtEmptyPath = 0x1000;

    public const int ORdOnly = 0x0;
    public const int OWrOnly = 0x1;
    public const int OCreat = 0x40;
    public const int OExcl = 0x80;
    public const int ONoCtty = 0x100;
    public const int OAppend = 0x400;
    public const int ONonBlock = 0x800;
    public const int OCloExec = 0x80000;
    public const int OPath = 0x200000;

    // O_DIRECTORY and O_NOFOLLOW are the two open flags whose values differ between x86-64 and
    // the generic layout that arm64 (and most other architectures) use.
    public static readonly int ODirectory = IsGenericLayout ? 0x4000 : 0x10000;
    public static readonly int ONoFollow = IsGenericLayout ? 0x8000 : 0x20000;

    public const ulong ResolveNoMagicLinks = 0x02;
    public const ulong ResolveInRoot = 0x10;

    public const uint StatxBasicStats = 0x7FF;

    public const int SIfMt = 0xF000;
    public const int SIfDir = 0x4000;
    public const int SIfReg = 0x8000;
    public const int SIfLnk = 0xA000;

    public const long UtimeOmit = (1L << 30) - 2;

    public const int DtDir = 4;
    public const int DtLnk = 10;

    /// <summary>openat2(2) is syscall 437 on both architectures it is used on here.</summary>
    private const long SysOpenat2 = 437;

    /// <summary>renameat2(2): 316 on x86-64, 276 in the generic table arm64 uses. Called directly: musl's wrapper is recent.</summary>
    private static long SysRenameat2 => IsGenericLayout ? 276 : 316;

    /// <summary>renameat2 flag: fail with EEXIST instead of replacing the target.</summary>
    public const uint RenameNoReplace = 1;

    private static bool IsGenericLayout => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;

    /// <summary>Whether this process can call openat2 at all (the kernel may still answer ENOSYS).</summary>
    public static bool Openat2Possible =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    [StructLayout(LayoutKind.Sequential)]
    public struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct StatxTimestamp
    {
        public long Seconds;
        public uint Nanoseconds;
        private readonly int _reserved;
    }

    /// <summary>struct statx: the same layout on every architecture, unlike struct stat.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    public struct Statx
    {
        [FieldOffset(0)] public uint Mask;
        [FieldOffset(16)] public uint LinkCount;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(40)] public ulong Size;
        [FieldOffset(112)] public StatxTimestamp LastModified;

        public readonly int Type => Mode & SIfMt;
    }

    /// <summary>
    /// struct statvfs on 64-bit Linux, glibc and musl alike: f_bsize, f_frsize, f_blocks, f_bfree,
    /// f_bavail (8 bytes each) first; 112 bytes in all, padded here to be safe.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    public struct Statvfs
    {
        [FieldOffset(8)] public ulong FragmentSize;
        [FieldOffset(32)] public ulong BlocksAvailable;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport(Libc, SetLastError = true)]
    private static partial long syscall(long number, int dirfd, byte* path, OpenHow* how, nuint size);

    public static int Openat2(int dirfd, string path, int flags, uint mode, ulong resolve)
    {
        var how = new OpenHow { Flags = (ulong)(uint)flags, Mode = mode, Resolve = resolve };
        var bytes = Utf8Z(path);
        fixed (byte* p = bytes)
        {
            return (int)syscall(SysOpenat2, dirfd, p, &how, (nuint)sizeof(OpenHow));
        }
    }

    [LibraryImport(Libc, EntryPoint = "syscall", SetLastError = true)]
    private static partial long SyscallRename(long number, int olddirfd, byte* oldpath, int newdirfd, byte* newpath, uint flags);

    /// <summary>renameat2(2); -1 with errno set on failure (ENOSYS or EINVAL where the kernel or file system lacks a flag).</summary>
    public static int RenameAt2(int olddirfd, string oldpath, int newdirfd, string newpath, uint flags)
    {
        if (!Openat2Possible)
        {
            Marshal.SetLastPInvokeError(38); // ENOSYS: no syscall number known for this architecture
            return -1;
        }

        var from = Utf8Z(oldpath);
        var to = Utf8Z(newpath);
        fixed (byte* f = from)
        fixed (byte* t = to)
        {
            return (int)SyscallRename(SysRenameat2, olddirfd, f, newdirfd, t, flags);
        }
    }

    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(DiskNameMarshaller))]
    public static partial int Open(string path, int flags, uint mode);

    [LibraryImport(Libc, EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(DiskNameMarshaller))]
    public static partial int OpenAt(int dirfd, string path, int flags, uint mode);

    [LibraryImport(Libc, EntryPoint = "pread64", SetLastError = true)]
    private static partial nint pread(SafeHandle fd, byte* buffer, nuint count, long offset);

    /// <summary>pread(2) of a regular file: the count read, 0 at its end; a failure as a StorageException (EINTR retried).</summary>
    public static int PRead(SafeHandle fd, Span<byte> into, long offset)
    {
        fixed (byte* p = into)
        {
            while (true)
            {
                var read = pread(fd, p, (nuint)into.Length, offset);
                if (read >= 0)
                {
                    return (int)read;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno != Errno.EINTR)
                {
                    throw Errno.FromErrno(errno, "pread");
                }
            }
        }
    }

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    public const int LockExclusive = 2;
    public const int LockNoWait = 4;

    [LibraryImport(Libc, EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);

    [LibraryImport(Libc, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(DiskNameMarshaller))]
    public static partial int StatxAt(int dirfd, string path, int flags, uint mask, out Statx buffer);

    /// <summary>statx of a name given as the bytes a directory listing returned (already the disk's bytes: nothing to encode).</summary>
    [LibraryImport(Libc, EntryPoint = "statx", SetLastError = true)]
    public static partial int StatxAt(int dirfd, byte* path, int flags, uint mask, out Statx buffer);

    [LibraryImport(Libc, EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(DiskNameMarshaller))]
    public static partial int MkdirAt(int dirfd, string path, uint mode);

    [LibraryImport(Libc, EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(DiskNameMarshaller))]
    public static partial int UnlinkAt(int dirfd, string path, int flags);

    [LibraryImport(Libc, EntryPoint = "renameat", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(DiskNameMarshaller))]
    public static partial int RenameAt(int olddirfd, string oldpath, int newdirfd, string newpath);

    [LibraryImport(Libc, EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(DiskNameMarshaller))]
    public static partial int LinkAt(int olddirfd, string oldpath, int newdirfd, string newpath, int flags);

    [LibraryImport(Libc, EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(DiskNameMarshaller))]
    public static partial int UtimensAt(int dirfd, string path, Timespec* times, int flags);

    [LibraryImport(Libc, EntryPoint = "futimens", SetLastError = true)]
    public static partial int Futimens(int fd, Timespec* times);

    [LibraryImport(Libc, EntryPoint = "fchmod", SetLastError = true)]
    public static partial int Fchmod(int fd, uint mode);

    [LibraryImport(Libc, EntryPoint = "fstatvfs", SetLastError = true)]
    public static partial int Fstatvfs(int fd, out Statvfs buffer);

    [LibraryImport(Libc, EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);

    [LibraryImport(Libc, EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(DiskNameMarshaller))]
    private static partial byte* RealpathNative(string path, byte* resolved);

    [LibraryImport(Libc, EntryPoint = "free")]
    private static partial void Free(void* pointer);

    [LibraryImport(Libc, EntryPoint = "fdopendir", SetLastError = true)]
    public static partial nint FdOpenDir(int fd);

    /// <summary>Returns a struct dirent pointer or null at the end (errno 0) or on failure.</summary>
    [LibraryImport(Libc, EntryPoint = "readdir", SetLastError = true)]
    public static partial byte* ReadDir(nint dir);

    [LibraryImport(Libc, EntryPoint = "closedir", SetLastError = true)]
    public static partial int CloseDir(nint dir);

    [LibraryImport(Libc, EntryPoint = "dirfd", SetLastError = true)]
    public static partial int DirFd(nint dir);

    /// <summary>
    /// On 64-bit Linux (glibc and musl alike) struct dirent is d_ino (8), d_off (8), d_reclen (2),
    /// d_type (1), then the NUL-terminated name.
    /// </summary>
    public const int DirentTypeOffset = 18;
    public const int DirentNameOffset = 19;

    /// <summary>The canonical path with every symlink resolved, or null with errno set.</summary>
    public static string? Realpath(string path)
    {
        var result = RealpathNative(path, null);
        if (result == null)
        {
            return null;
        }

        try
        {
            // Shown as DiskNames shows names, so that a path with a name that is not UTF-8 goes back to the kernel unchanged.
            return DiskNames.Decode(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(result));
        }
        finally
        {
            Free(result);
        }
    }

    /// <summary>A path as the kernel takes it: the bytes each name stands for (<see cref="DiskNames"/>), NUL-terminated.</summary>
    private static byte[] Utf8Z(string text) => DiskNames.EncodePathZ(text);
}
