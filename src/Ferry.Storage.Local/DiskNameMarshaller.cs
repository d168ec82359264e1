using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;

namespace Ferry.Storage.Local;

/// <summary>
/// Passes a path to libc as the bytes <see cref="DiskNames"/> says it stands for: a name listed
/// escaped reaches the very file it was listed for. Every path-taking import uses it, so no call can
/// forget.
/// </summary>
[CustomMarshaller(typeof(string), MarshalMode.ManagedToUnmanagedIn, typeof(DiskNameMarshaller))]
internal static unsafe class DiskNameMarshaller
{
    public static byte* ConvertToUnmanaged(string? managed)
    {
        if (managed is null)
        {
            return null;
        }

        var bytes = DiskNames.EncodePathZ(managed);
        var native = (byte*)NativeMemory.Alloc((nuint)bytes.Length);
        bytes.CopyTo(new Span<byte>(native, bytes.Length));
        return native;
    }

    public static void Free(byte* unmanaged) => NativeMemory.Free(unmanaged);
}
