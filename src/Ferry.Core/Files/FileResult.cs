namespace Ferry.Core.Files;

/// <summary>The outcome of a <see cref="FileService"/> call: a value, or a neutral error.</summary>
public readonly record struct FileResult<T>(T? Value, FileError Error)
{
    public bool Ok => Error == FileError.None;

    public static FileResult<T> Success(T value) => new(value, FileError.None);

    public static FileResult<T> Fail(FileError error) => new(default, error);
}

public readonly record struct FileResult(FileError Error)
{
    public bool Ok => Error == FileError.None;

    public static readonly FileResult Success = new(FileError.None);

    public static FileResult Fail(FileError error) => new(error);
}
