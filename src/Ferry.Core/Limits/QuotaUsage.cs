using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Core.Storage;

namespace Ferry.Core.Limits;

/// <summary>
/// What one account's home holds, shared by all of its sessions in the process: measured once by a
/// walk of the home when first needed, then kept current by every change made through FileService
/// (uploads as they commit or end, deletes, MKD/RMD, renames over a file, copies). Uploads reserve
/// bytes as they arrive, so concurrent uploads cannot together pass the limit.
/// </summary>
/// <remarks>
/// A change made beside Ferry (a shell, another server) is seen only at the next measurement:
/// <see cref="Invalidate"/> (a configuration reload calls it) makes the next need walk the home again.
/// A write that runs while a new walk is under way may be counted twice or missed until the walk
/// after; every write that starts after the walk waits for it.
/// </remarks>
public sealed class QuotaUsage(string homeDirectory)
{
    private readonly Lock _gate = new();
    private Usage _used;
    private Usage _reserved;
    private Task? _scan;
    private int _generation;

    /// <summary>The home measured; an account whose home moves gets a new one.</summary>
    public string HomeDirectory { get; } = homeDirectory;

    /// <summary>Stored bytes and entries plus what running uploads have reserved.</summary>
    public Usage Current
    {
        get
        {
            lock (_gate)
            {
                return _used + _reserved;
            }
        }
    }

    /// <summary>Walks the home unless it was measured since the last <see cref="Invalidate"/>; concurrent callers share one walk.</summary>
    public Task EnsureMeasuredAsync(IStorage storage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        Task scan;
        lock (_gate)
        {
            scan = _scan ??= MeasureAsync(storage, _generation);
        }

        return scan.IsCompletedSuccessfully ? Task.CompletedTask : scan.WaitAsync(cancellationToken);
    }

    /// <summary>The next need measures the home again (the current figures stand until then).</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _generation++;
            _scan = null;
        }
    }

    /// <summary>
    /// Reserves <paramref name="need"/> if it fits within <paramref name="limits"/> (a part of need that
    /// is zero is never refused: an account over its byte quota may still delete or shrink).
    /// </summary>
    public bool TryReserve(Usage need, QuotaLimits limits, out string refusal)
    {
        ArgumentNullException.ThrowIfNull(limits);
        lock (_gate)
        {
            var now = _used + _reserved;
            if (limits.Bytes is { } bytes && need.Bytes > 0 && now.Bytes + need.Bytes > bytes)
            {
                refusal = $"quota exceeded: {Math.Max(0, now.Bytes)} of {bytes} bytes used";
                return false;
            }

            if (limits.Files is { } files && need.Files > 0 && now.Files + need.Files > files)
            {
                refusal = $"quota exceeded: {Math.Max(0, now.Files)} of {files} files used";
                return false;
            }

            _reserved += need;
            refusal = "";
            return true;
        }
    }

    /// <summary>Gives back a reservation and records what really changed, in one step.</summary>
    public void Settle(Usage reserved, Usage change)
    {
        lock (_gate)
        {
            _reserved -= reserved;
            _used += change;
        }
    }

    /// <summary>Records a change that needed no reservation (a delete, a folder removed).</summary>
    public void Apply(Usage change) => Settle(default, change);

    private async Task MeasureAsync(IStorage storage, int generation)
    {
        // Off the caller's lock and thread: the walk may take a while on a large home.
        await Task.Yield();
        try
        {
            // Not the first caller's token: the walk is shared, and one client going away must not fail it for all.
            var measured = await UsageScan.MeasureAsync(storage, VfsPath.Root, CancellationToken.None).ConfigureAwait(false);
            lock (_gate)
            {
                if (generation == _generation)
                {
                    _used = measured;
                }
            }
        }
        catch
        {
            lock (_gate)
            {
                if (generation == _generation)
                {
                    // The next need tries again rather than keep a failed walk forever.
                    _scan = null;
                }
            }

            throw;
        }
    }
}
