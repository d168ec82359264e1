using System.Collections.Concurrent;
using Ferry.Core.Audit;

using Xunit;

namespace Ferry.Testing;

/// <summary>Keeps every audit event a session (FTP) or request (WebDAV) writes, in order.</summary>
public sealed class RecordingAuditLog : IAuditLog
{
    private readonly ConcurrentQueue<AuditEvent> _events = new();

    public bool IsEnabled => true;

    public IReadOnlyList<AuditEvent> Events => [.. _events];

    public void Write(AuditEvent entry) => _events.Enqueue(entry);

    public AuditEvent Single(string method) => Assert.Single(Events, e => e.Method == method);
}
