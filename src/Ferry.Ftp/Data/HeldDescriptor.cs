using System.Runtime.InteropServices;

namespace Ferry.Ftp.Data;

/// <summary>
/// A handle's descriptor number, held for the system calls of one step (<c>using var held = new
/// HeldDescriptor(handle)</c>): the reference keeps the number from being closed and reused by another
/// file while the calls run; a close (ABOR, shutdown) waits for it, and the next step sees it.
/// </summary>
internal readonly ref struct HeldDescriptor
{
    private readonly SafeHandle _handle;
    private readonly bool _added;

    public HeldDescriptor(SafeHandle handle)
    {
        _handle = handle;
        handle.DangerousAddRef(ref _added);
        Number = (int)handle.DangerousGetHandle();
    }

    public int Number { get; }

    public void Dispose()
    {
        if (_added)
        {
            _handle.DangerousRelease();
        }
    }
}
