namespace Ferry.Ftp.Data;

/// <summary>
/// No byte moved on a data connection for <see cref="Timeout"/>. An <see cref="IOException"/> so that
/// code which treats every broken transfer alike still works; the engine catches it first and
/// answers 426 with the reason.
/// </summary>
public sealed class DataStallException : IOException
{
    public DataStallException(TimeSpan timeout, Exception? innerException = null)
        : base($"No data moved for {timeout.TotalSeconds:0.###} seconds.", innerException)
    {
        Timeout = timeout;
    }

    public TimeSpan Timeout { get; }
}
