namespace Ferry.Admin;

/// <summary>
/// What /readyz answers: ready once the host has started every listener and while the storage root
/// can be read. A load balancer then sends clients only to a node that can serve them.
/// </summary>
public sealed class Readiness(string storageRoot)
{
    private volatile bool _started;

    public void Started() => _started = true;

    public bool IsReady()
    {
        if (!_started)
        {
            return false;
        }

        try
        {
            // A stat, not a listing: cheap enough for a probe every few seconds on a huge root.
            return Directory.Exists(storageRoot) && (File.GetAttributes(storageRoot) & FileAttributes.Directory) != 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
