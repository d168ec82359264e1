namespace Ferry.Ftp.Transfers;

/// <summary>No byte moved on the data connection for the stall timeout.</summary>
public sealed class TransferStalledException(TimeSpan timeout)
    : Exception($"No data moved for {timeout.TotalSeconds:0} seconds.")
{
    public TimeSpan Timeout { get; } = timeout;
}
