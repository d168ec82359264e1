using Ferry.Core.Audit;

namespace Ferry.Logs;

/// <summary>A log file the background writer fills: called from one thread only, a batch at a time.</summary>
public interface IAuditSink
{
    /// <summary>Writes the batch; throws IOException or UnauthorizedAccessException when the file cannot be written.</summary>
    void Write(IReadOnlyList<AuditEvent> batch);
}
