namespace Ferry.Configuration;

/// <summary>
/// One mistake in the configuration. <paramref name="Key"/> is the configuration path it concerns
/// ("Ftp:Port", "Accounts:0:Home"), or "" when none; <see cref="Source"/> says where the value came
/// from (ferry.json:3:14, environment variable FERRY__FTP__PORT, flag --ftp-port) once known.
/// </summary>
public sealed record ConfigurationProblem(string Key, string Message)
{
    public string? Source { get; init; }

    public override string ToString() => Source is null ? Message : $"{Source}: {Message}";
}

/// <summary>
/// Configuration that cannot be used: every problem found, each with its key and source, so that
/// an administrator fixes them all in one pass instead of one per start.
/// </summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string message)
        : this(string.Empty, message)
    {
    }

    public ConfigurationException(string key, string message)
        : this([new ConfigurationProblem(key, message)])
    {
    }

    public ConfigurationException(IReadOnlyList<ConfigurationProblem> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<ConfigurationProblem> Problems { get; }
}
