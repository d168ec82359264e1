using System.Security.Cryptography;

namespace Ferry.Serving;

/// <summary>
/// Notices when one of a few small files (the configuration file, a certificate and its key) changes,
/// by reading each once a second and comparing a hash of its content. Not a FileSystemWatcher: on
/// Linux that watches the whole folder, so every write to any file beside ferry.json woke it (a folder
/// that also receives uploads paid a wake-up per write), and it matches events by name, so it missed
/// a file replaced through a link swap (a Kubernetes ConfigMap swaps its ..data link, never the name).
/// Reading follows links, and comparing content ignores a save that changed nothing. A change is
/// reported once the files have stayed the same for a whole interval: an editor saves in several
/// writes, and a certificate and its key are written in turn, so reading at the first sign of a
/// change could read half of it.
/// </summary>
public sealed class FileChangePoll : IDisposable
{
    /// <summary>A change is reported a second or two after the last write: soon enough for an edit, and a few reads of a few KiB a second cost nothing.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly string[] _paths;
    private readonly byte[]?[] _seen;
    private readonly Action _changed;
    private readonly ITimer _timer;
    private int _checking;
    private bool _settling;

    /// <param name="changed">Called (on a timer thread) once any of the files changed, appeared or went, and then stayed so for an interval.</param>
    public FileChangePoll(IEnumerable<string> paths, Action changed, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(time);
        _paths = [.. paths.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal)];
        _seen = [.. _paths.Select(Fingerprint)];
        _changed = changed ?? throw new ArgumentNullException(nameof(changed));
        _timer = time.CreateTimer(_ => Check(), null, Interval, Interval);
    }

    /// <summary>Compares every file with what was seen last, and reports a change that has settled; one check at a time (a slow disk must not stack them up).</summary>
    public void Check()
    {
        if (Interlocked.Exchange(ref _checking, 1) == 1)
        {
            return;
        }

        try
        {
            var changed = false;
            for (var i = 0; i < _paths.Length; i++)
            {
                var now = Fingerprint(_paths[i]);
                if (!(now is null ? _seen[i] is null : _seen[i] is { } before && now.AsSpan().SequenceEqual(before)))
                {
                    _seen[i] = now;
                    changed = true;
                }
            }

            if (changed)
            {
                _settling = true;
            }
            else if (_settling)
            {
                _settling = false;
                _changed();
            }
        }
        finally
        {
            Volatile.Write(ref _checking, 0);
        }
    }

    public void Dispose() => _timer.Dispose();

    /// <summary>SHA-256 of the file's content; null while it cannot be read (absent, or replaced at this moment).</summary>
    private static byte[]? Fingerprint(string path)
    {
        // No ferry.json is the usual case: asked first, an absent file costs a stat a second instead of a thrown exception.
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var file = File.OpenRead(path);
            return SHA256.HashData(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
