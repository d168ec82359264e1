namespace Ferry.Core.Audit;

/// <summary>The default audit log: keeps nothing. Engines built without a host (tests, tools) use it.</summary>
public sealed class NullAuditLog : IAuditLog
{
    public static NullAuditLog Instance { get; } = new();

    private NullAuditLog()
    {
    }

    public bool IsEnabled => false;

    public void Write(AuditEvent entry)
    {
    }
}
