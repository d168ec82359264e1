using System.Text;

namespace Ferry.Import.Iis;

/// <summary>
/// What the import did, in three lists: what was mapped (IIS setting -> Ferry key), what the
/// administrator must do, and what was not mapped with the reason. Every IIS setting the import
/// reads ends in one of them.
/// </summary>
public sealed class MigrationReport
{
    private readonly List<string> _header = [];
    private readonly List<(string Setting, string Key, string Value, string? Note)> _mapped = [];
    private readonly List<string> _actions = [];
    private readonly List<(string Setting, string Reason)> _notMapped = [];

    public void Header(string line) => _header.Add(line);

    /// <summary>An IIS setting that became a Ferry key.</summary>
    public void Mapped(string setting, string key, string value, string? note = null) => _mapped.Add((setting, key, value, note));

    /// <summary>A step the administrator must take before the configuration is complete.</summary>
    public void Action(string text) => _actions.Add(text);

    /// <summary>An IIS setting Ferry does not carry over, and why.</summary>
    public void NotMapped(string setting, string reason) => _notMapped.Add((setting, reason));

    public IReadOnlyList<string> Actions => _actions;

    public IEnumerable<string> NotMappedSettings => _notMapped.Select(n => n.Setting);

    public string Render()
    {
        var text = new StringBuilder();
        text.Append("# IIS FTP migration report\n\n");
        foreach (var line in _header)
        {
            text.Append(line).Append('\n');
        }

        text.Append("\n## Mapped\n\n");
        foreach (var (setting, key, value, note) in _mapped)
        {
            text.Append("- `").Append(setting).Append("` -> `").Append(key).Append("` = ").Append(value);
            if (note is not null)
            {
                text.Append(" (").Append(note).Append(')');
            }

            text.Append('\n');
        }

        text.Append("\n## Needs your action\n\n");
        if (_actions.Count == 0)
        {
            text.Append("Nothing.\n");
        }

        for (var i = 0; i < _actions.Count; i++)
        {
            text.Append(i + 1).Append(". ").Append(_actions[i].Replace("\n", "\n   ", StringComparison.Ordinal)).Append('\n');
        }

        text.Append("\n## Not mapped\n\n");
        if (_notMapped.Count == 0)
        {
            text.Append("Nothing.\n");
        }

        foreach (var (setting, reason) in _notMapped)
        {
            text.Append("- `").Append(setting).Append("`: ").Append(reason).Append('\n');
        }

        return text.ToString();
    }
}
