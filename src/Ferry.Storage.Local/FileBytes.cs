using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Storage.Local;

/// <summary>The byte copy both local storages use for a server-side copy of a file.</summary>
internal static class FileBytes
{
    /// <summary>A copy moves 1 MiB per read and write: few system calls, little memory.</summary>
    private const int CopyBufferBytes = 1024 * 1024;

    /// <summary>Bytes to the end of the source, through one pooled buffer; cancellation is checked per buffer.</summary>
    public static void Copy(SafeFileHandle source, SafeFileHandle target, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            long offset = 0;

            // Bounded by the source's size: every round copies at least one byte or ends.
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var read = RandomAccess.Read(source, buffer.AsSpan(0, CopyBufferBytes), offset);
                if (read == 0)
                {
                    return;
                }

                RandomAccess.Write(target, buffer.AsSpan(0, read), offset);
                offset += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
