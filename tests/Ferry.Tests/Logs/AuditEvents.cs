using System.Net;
using Ferry.Core.Audit;

namespace Ferry.Tests.Logs;

/// <summary>Sample audit events for the log format tests.</summary>
internal static class AuditEvents
{
    public static readonly DateTimeOffset Noon = new(2026, 12, 3, 12, 34, 56, 789, TimeSpan.Zero);

    public static AuditEvent Retr(DateTimeOffset? time = null) => new(
        time ?? Noon,
        "17",
        "ftps",
        new IPEndPoint(IPAddress.Parse("192.0.2.10"), 50123),
        new IPEndPoint(IPAddress.Parse("192.0.2.1"), 21),
        "alice",
        "RETR",
        "/reports/q3 final.pdf",
        226,
        TimeSpan.FromMilliseconds(1534.6))
    {
        BytesSent = 1048576,
        Transfer = AuditTransfer.Download,
    };
}
