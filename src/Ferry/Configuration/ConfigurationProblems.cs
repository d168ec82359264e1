namespace Ferry.Configuration;

/// <summary>
/// Collects problems while the settings are read, so that one bad value does not hide the next:
/// a value that cannot be read is recorded and replaced by its default, and reading goes on.
/// </summary>
public sealed class ConfigurationProblems
{
    private readonly List<ConfigurationProblem> _problems = [];

    public IReadOnlyList<ConfigurationProblem> All => _problems;

    public bool Any => _problems.Count > 0;

    public void Add(string key, string message) => _problems.Add(new ConfigurationProblem(key, message));

    public void AddRange(IEnumerable<ConfigurationProblem> problems) => _problems.AddRange(problems);

    /// <summary>Runs <paramref name="read"/>; if it refuses the configuration, records why and returns <paramref name="fallback"/>.</summary>
    public T Read<T>(Func<T> read, T fallback)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return read();
        }
        catch (ConfigurationException ex)
        {
            _problems.AddRange(ex.Problems);
            return fallback;
        }
    }

    /// <summary>Throws every problem at once, each told where its value came from when <paramref name="config"/> knows.</summary>
    public void ThrowIfAny(IConfiguration? config)
    {
        if (_problems.Count == 0)
        {
            return;
        }

        var sources = config is IConfigurationRoot root ? new ConfigurationSources(root) : null;
        throw new ConfigurationException([.. _problems.Select(p => sources?.Attach(p) ?? p)]);
    }
}
