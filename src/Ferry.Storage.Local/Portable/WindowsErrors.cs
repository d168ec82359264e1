using Ferry.Core.Files;

namespace Ferry.Storage.Local;

/// <summary>Win32 error codes as .NET carries them (an HRESULT in IOException.HResult) and as neutral <see cref="FileError"/>s.</summary>
internal static class WindowsErrors
{
    /// <summary>HRESULT_FROM_WIN32.</summary>
    public static int HResultOf(int error) => unchecked((int)0x80070000 | (error & 0xFFFF));

    /// <summary>The Win32 error inside an HRESULT of facility WIN32, or null for any other value.</summary>
    public static int? ErrorOf(int hresult) =>
        (hresult & unchecked((int)0xFFFF0000)) == unchecked((int)0x80070000) ? hresult & 0xFFFF : null;

    public static FileError ToFileError(int error) => error switch
    {
        2 or 3 or 15 => FileError.NotFound,           // FILE_NOT_FOUND, PATH_NOT_FOUND, INVALID_DRIVE
        5 or 19 => FileError.Denied,                  // ACCESS_DENIED, WRITE_PROTECT
        32 or 33 => FileError.Locked,                 // SHARING_VIOLATION, LOCK_VIOLATION
        39 or 112 => FileError.Quota,                 // HANDLE_DISK_FULL, DISK_FULL
        80 or 183 => FileError.Exists,                // FILE_EXISTS, ALREADY_EXISTS
        123 or 161 or 206 => FileError.InvalidName,   // INVALID_NAME, BAD_PATHNAME, FILENAME_EXCED_RANGE
        145 => FileError.NotEmpty,                    // DIR_NOT_EMPTY
        267 => FileError.NotADirectory,               // DIRECTORY
        1920 or 1921 => FileError.Denied,             // CANT_ACCESS_FILE, CANT_RESOLVE_FILENAME (reparse loops)
        _ => FileError.Unavailable,
    };
}
