using System.Text;
using Ferry.Core.Audit;

namespace Ferry.Logs;

/// <summary>One xferlog file (vsftpd's /var/log/xferlog): transfers only, no header; rotated from outside.</summary>
public sealed class XferlogFile(string path) : IAuditSink
{
    public string Path { get; } = path;

    public void Write(IReadOnlyList<AuditEvent> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var text = new StringBuilder();
        foreach (var entry in batch)
        {
            text.Append(XferlogFormat.Line(entry));
        }

        if (text.Length > 0)
        {
            LogFileText.Append(Path, _ => null, text.ToString());
        }
    }
}
