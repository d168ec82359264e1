namespace Ferry.Core.Files;

/// <summary>Why a file operation failed, in words no protocol owns. Each protocol maps these once.</summary>
public enum FileError
{
    None = 0,
    NotFound,
    Exists,
    Denied,
    Quota,
    NotEmpty,
    Locked,
    Unsupported,
    InvalidName,
    NotADirectory,
    IsADirectory,
    /// <summary>The backend failed (I/O error, disk gone); the operation may succeed later.</summary>
    Unavailable,

    /// <summary>The request filter refuses a file of this type (<see cref="RequestFilter"/>: denied or unlisted extension).</summary>
    Filtered,

    /// <summary>The upload would make the file larger than the request filter allows (<see cref="RequestFilter.MaxFileBytes"/>).</summary>
    TooLarge,

    /// <summary>
    /// A rename would carry a file or folder from one mounted storage into another (a mount point
    /// lies between source and target): no storage can do that in one step, so it is refused rather
    /// than turned into a slow, non-atomic copy.
    /// </summary>
    CrossesMount,
}
