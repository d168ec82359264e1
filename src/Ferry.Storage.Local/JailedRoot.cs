using Ferry.Core.Files;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Microsoft.Win32.SafeHandles;
using static Ferry.Storage.Local.LinuxNative;

namespace Ferry.Storage.Local;

/// <summary>
/// The root folder of a <see cref="LocalStorage"/>, opened once, and the only way to open anything
/// below it. With openat2 and RESOLVE_IN_ROOT the kernel resolves every path (symlinks included) as
/// if the root were "/", in the same step that opens it, so nothing can swap a component in
/// between. Without openat2 (kernels before 5.6, seccomp filters that refuse it) each path is
/// resolved with realpath(3) and checked to be under the real root before it is opened with
/// O_NOFOLLOW: that closes escapes through symlinks, but leaves a window in which a concurrent local
/// user could swap a directory for a link.
/// </summary>
internal sealed class JailedRoot : IDisposable
{
    /// <summary>openat2 answers EAGAIN when a concurrent rename might have moved it out of the root; retry a few times, then give up.</summary>
    private const int Openat2Attempts = 8;

    private const ulong Resolve = ResolveInRoot | ResolveNoMagicLinks;

    private readonly SafeFileHandle _root;

    public JailedRoot(string rootDirectory, bool preferOpenat2)
    {
        RealRoot = Realpath(rootDirectory)
            ?? throw new DirectoryNotFoundException($"Storage root '{rootDirectory}' cannot be resolved (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}).");
        var fd = LinuxNative.Open(RealRoot, OPath | ODirectory | OCloExec, 0);
        if (fd < 0)
        {
            throw new DirectoryNotFoundException($"Storage root '{rootDirectory}' is not an openable directory (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}).");
        }

        _root = new SafeFileHandle(fd, ownsHandle: true);
        UsesOpenat2 = preferOpenat2 && Openat2Possible && Openat2Works();
    }

    /// <summary>The root with every symlink resolved.</summary>
    public string RealRoot { get; }

    /// <summary>True when paths are jailed by the kernel (openat2), false with the realpath fallback.</summary>
    public bool UsesOpenat2 { get; }

    public int RootFd => (int)_root.DangerousGetHandle();

    /// <summary>Opens <paramref name="path"/> below the root; symlinks are followed only inside it.</summary>
    public SafeFileHandle Open(VfsPath path, int flags, uint mode = 0)
    {
        var fd = UsesOpenat2 ? OpenWithOpenat2(path, flags, mode) : OpenWithRealpath(path, flags, mode);
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>The folder that holds <paramref name="path"/>, as an O_PATH descriptor for the *at calls.</summary>
    public SafeFileHandle OpenParent(VfsPath path) => Open(path.Parent, OPath | ODirectory);

    public void Dispose() => _root.Dispose();

    private static string Relative(VfsPath path) => path.IsRoot ? "." : string.Join('/', path.Segments);

    private bool Openat2Works()
    {
        var fd = Openat2(RootFd, ".", OPath | ODirectory | OCloExec, 0, Resolve);
        if (fd >= 0)
        {
            _ = Close(fd);
            return true;
        }

        // ENOSYS: an old kernel; EPERM: a container's seccomp profile that predates openat2.
        return false;
    }

    private int OpenWithOpenat2(VfsPath path, int flags, uint mode)
    {
        var relative = Relative(path);
        // openat2 refuses a mode without O_CREAT.
        var effectiveMode = (flags & OCreat) != 0 ? mode : 0;
        var errno = 0;
        for (var attempt = 0; attempt < Openat2Attempts; attempt++)
        {
            var fd = Openat2(RootFd, relative, flags | OCloExec, effectiveMode, Resolve);
            if (fd >= 0)
            {
                return fd;
            }

            errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno != Errno.EAGAIN)
            {
                break;
            }
        }

        throw Errno.FromErrno(errno, "openat2");
    }

    private int OpenWithRealpath(VfsPath path, int flags, uint mode)
    {
        var full = path.IsRoot ? RealRoot : RealRoot.TrimEnd('/') + "/" + Relative(path);
        var real = Realpath(full);
        string target;
        if (real is not null)
        {
            EnsureInside(real);
            target = real;
        }
        else
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno != Errno.ENOENT || (flags & OCreat) == 0 || path.IsRoot)
            {
                throw Errno.FromErrno(errno, "realpath");
            }

            // Creating: the parent must exist and be inside; the new name itself is one component.
            var parentFull = path.Parent.IsRoot ? RealRoot : RealRoot.TrimEnd('/') + "/" + Relative(path.Parent);
            var realParent = Realpath(parentFull) ?? throw Errno.Last("realpath");
            EnsureInside(realParent);
            target = realParent.TrimEnd('/') + "/" + path.Name;
        }

        var fd = LinuxNative.Open(target, flags | OCloExec | ONoFollow, (flags & OCreat) != 0 ? mode : 0);
        return fd >= 0 ? fd : throw Errno.Last("open");
    }

    private void EnsureInside(string realPath)
    {
        if (RealRoot == "/" || realPath == RealRoot || realPath.StartsWith(RealRoot + "/", StringComparison.Ordinal))
        {
            return;
        }

        throw new StorageException(FileError.Denied, "A symlink points outside the storage root.");
    }
}
