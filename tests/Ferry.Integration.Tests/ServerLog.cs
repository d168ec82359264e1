using System.Text;

namespace Ferry.Integration.Tests;

/// <summary>The last lines a server printed, kept for the test output; bounded so that a chatty server cannot exhaust memory.</summary>
public sealed class ServerLog
{
    /// <summary>The tail is what explains a failure; 2,000 lines covers a whole test's session log.</summary>
    private const int MaxLines = 2000;

    private readonly Queue<string> _lines = new();
    private readonly object _gate = new();
    private int _dropped;

    public void Add(string line)
    {
        lock (_gate)
        {
            _lines.Enqueue(line);
            if (_lines.Count > MaxLines)
            {
                _lines.Dequeue();
                _dropped++;
            }
        }
    }

    public string Text()
    {
        lock (_gate)
        {
            var text = new StringBuilder();
            if (_dropped > 0)
            {
                text.AppendLine($"({_dropped} earlier lines dropped)");
            }
            foreach (var line in _lines)
            {
                text.AppendLine(line);
            }
            return text.ToString();
        }
    }
}
