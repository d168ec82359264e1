using System.Text;
using Ferry.Core.Audit;

namespace Ferry.Logs;

/// <summary>
/// IIS-style daily W3C files in one folder: u_exYYMMDD.log by the UTC day an operation ended. The
/// header block starts every new file and is written again the first time this process writes to
/// a file (after a start), as IIS does, so that a reader always finds the fields above the lines.
/// </summary>
/// <param name="fields">The fields each line carries (<c>Logs:W3C:Fields</c>), named in every header.</param>
public sealed class W3CLogFile(string directory, string software, TimeProvider time, W3CFields fields) : IAuditSink
{
    /// <summary>Files this process has written a header into; a few entries per day, bounded by the days the process runs.</summary>
    private readonly HashSet<string> _headed = new(StringComparer.Ordinal);

    public string Directory { get; } = directory;

    public void Write(IReadOnlyList<AuditEvent> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var text = new StringBuilder();
        string? name = null;
        foreach (var entry in batch)
        {
            var entryName = W3CFormat.FileName(entry.Time);
            if (name is not null && entryName != name)
            {
                // Midnight (UTC) fell inside the batch: what came before goes to the old day's file.
                Flush(name, text);
            }

            name = entryName;
            text.Append(W3CFormat.Line(entry, fields));
        }

        if (name is not null)
        {
            Flush(name, text);
        }
    }

    private void Flush(string name, StringBuilder text)
    {
        LogFileText.Append(Path.Combine(Directory, name), empty =>
            _headed.Add(name) || empty ? W3CFormat.Header(software, time.GetUtcNow(), fields) : null, text.ToString());
        text.Clear();
    }
}
