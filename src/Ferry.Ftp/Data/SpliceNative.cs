using System.Runtime.InteropServices;

namespace Ferry.Ftp.Data;

/// <summary>
/// The libc calls that move received bytes from a socket into a file (64-bit Linux): through a pipe
/// with splice (<see cref="SplicePipe"/>), or copied with recv and pwrite (<see cref="CopyBuffer"/>).
/// </summary>
internal static unsafe partial class SpliceNative
{
    private const string Libc = "libc";

    public const int EIntr = 4;
    public const int EAgain = 11;
    public const int EInval = 22;
    public const int ENoSys = 38;

    /// <summary>recv's flag for one call that returns at once (EAGAIN) instead of waiting for data.</summary>
    public const int MsgDontWait = 0x40;

    public const uint SpliceMove = 1;
    public const uint SpliceNonBlock = 2;

    /// <summary>O_NONBLOCK and O_CLOEXEC have the same values on x86-64 and arm64.</summary>
    public const int ONonBlock = 0x800;
    public const int OCloExec = 0x80000;

    public const int FGetFl = 3;
    public const int FSetPipeSize = 1031;

    public static bool Possible => OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    [LibraryImport(Libc, EntryPoint = "splice", SetLastError = true)]
    public static partial nint Splice(int fdIn, long* offIn, int fdOut, long* offOut, nuint length, uint flags);

    [LibraryImport(Libc, EntryPoint = "recv", SetLastError = true)]
    public static partial nint Recv(int socket, byte* buffer, nuint length, int flags);

    [LibraryImport(Libc, EntryPoint = "pwrite", SetLastError = true)]
    public static partial nint PWrite(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport(Libc, EntryPoint = "pipe2", SetLastError = true)]
    public static partial int Pipe2(int* fds, int flags);

    [LibraryImport(Libc, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
