using System.Buffers.Binary;

namespace Ferry.Storage.Local;

/// <summary>
/// The FILE_RENAME_INFO buffer that SetFileInformationByHandle(FileRenameInfoEx) takes, laid out
/// for 64-bit Windows. Built as bytes by pure code, so that its layout is tested on any machine.
/// </summary>
internal static class WindowsRenameInfo
{
    /// <summary>FILE_RENAME_FLAG_REPLACE_IF_EXISTS.</summary>
    public const uint ReplaceIfExists = 0x1;

    /// <summary>
    /// FILE_RENAME_FLAG_POSIX_SEMANTICS: the replaced file's name goes at once, even while others
    /// hold it open (with FILE_SHARE_DELETE); they keep reading the old content, as on Unix.
    /// </summary>
    public const uint PosixSemantics = 0x2;

    // DWORD Flags (the union with BOOLEAN ReplaceIfExists), 4 bytes of padding, HANDLE RootDirectory,
    // DWORD FileNameLength (bytes, no terminator), then WCHAR FileName[].
    public const int FlagsOffset = 0;
    public const int RootDirectoryOffset = 8;
    public const int FileNameLengthOffset = 16;
    public const int FileNameOffset = 20;

    /// <summary>The buffer for a rename to <paramref name="target"/> (a full path; RootDirectory stays null).</summary>
    public static byte[] Build(string target, uint flags)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        var nameBytes = target.Length * sizeof(char);

        // A terminating NUL after the name, though the length excludes it, as the structure's users write it.
        var buffer = new byte[FileNameOffset + nameBytes + sizeof(char)];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(FlagsOffset), flags);
        BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(RootDirectoryOffset), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(FileNameLengthOffset), (uint)nameBytes);
        for (var i = 0; i < target.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(FileNameOffset + (i * sizeof(char))), target[i]);
        }

        return buffer;
    }
}
