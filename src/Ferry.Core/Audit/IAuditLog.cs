namespace Ferry.Core.Audit;

/// <summary>
/// Where protocols report operations for administrators' logs (W3C, xferlog). Protocols call it on
/// the command path, so an implementation must return at once: queue, never write or wait.
/// </summary>
public interface IAuditLog
{
    /// <summary>False when nothing reads the events: protocols then skip building them.</summary>
    bool IsEnabled { get; }

    void Write(AuditEvent entry);
}
