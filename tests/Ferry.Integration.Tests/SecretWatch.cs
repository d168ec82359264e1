namespace Ferry.Integration.Tests;

/// <summary>
/// Every test server's own check that no secret reached a log it wrote: each console line as it
/// arrives, and at the end every file under the data folder's logs. Run by <see cref="FerryServer"/>
/// for every server of the integration run, so that the whole run is the test, not one scripted
/// session (issue: "a test greps every log of the integration run").
/// </summary>
public sealed class SecretWatch
{
    /// <summary>PEM armour of any private key: a key in a log is a leak whatever its name.</summary>
    private const string PrivateKeyMarker = "PRIVATE KEY-----";

    private readonly List<string> _secrets = [];
    private readonly object _gate = new();
    private string? _firstLeak;

    /// <param name="secrets">Known from the start (the test account's password).</param>
    public SecretWatch(params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            Add(secret);
        }
    }

    /// <summary>A secret learned later (a token or password the server made); short values are ignored, they would match by chance.</summary>
    public void Add(string? secret)
    {
        // 8 characters: Ferry's generated passwords and tokens are far longer; shorter strings occur in ordinary text.
        if (secret is { Length: >= 8 })
        {
            lock (_gate)
            {
                if (!_secrets.Contains(secret, StringComparer.Ordinal))
                {
                    _secrets.Add(secret);
                }
            }
        }
    }

    /// <summary>One line the server wrote to its console.</summary>
    public void Check(string source, string line)
    {
        var leak = Find(line);
        if (leak is not null)
        {
            lock (_gate)
            {
                _firstLeak ??= $"{source}: {leak}";
            }
        }
    }

    /// <summary>Every file below <paramref name="folder"/>; missing folders are fine (no file log configured).</summary>
    public void CheckFiles(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            foreach (var line in File.ReadLines(file))
            {
                Check(file, line);
            }
        }
    }

    /// <summary>The first leak seen, described without the secret itself; null when none.</summary>
    public string? FirstLeak
    {
        get
        {
            lock (_gate)
            {
                return _firstLeak;
            }
        }
    }

    private string? Find(string line)
    {
        if (line.Contains(PrivateKeyMarker, StringComparison.Ordinal))
        {
            return "a line holds a PEM private key";
        }
        lock (_gate)
        {
            foreach (var secret in _secrets)
            {
                if (line.Contains(secret, StringComparison.Ordinal))
                {
                    // Never repeat the secret in the failure: the test output is a log too.
                    return $"a line holds a secret ({secret.Length} characters, starting '{secret[..2]}'): {line.Replace(secret, "<SECRET>", StringComparison.Ordinal)}";
                }
            }
        }
        return null;
    }
}
