using Ferry.Core.Files;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Core.Storage;

namespace Ferry.Core.Limits;

/// <summary>
/// One upload's account with its <see cref="QuotaUsage"/>: what the file held when the upload
/// began, what the upload has reserved, and, when it ends, what really changed. An upload counts
/// only its growth over the old file (a replace counts the difference), so its reservation is
/// max(0, size it would leave - old size), raised as bytes arrive.
/// </summary>
internal sealed class QuotaTicket
{
    private readonly QuotaUsage _usage;
    private readonly Func<QuotaLimits> _limits;
    private readonly IStorage _storage;
    private readonly VfsPath _path;
    private readonly long _start;

    /// <summary>A CreateWhole upload: nothing of it is at the path until commit, so an abort changed nothing there.</summary>
    private readonly bool _unseen;
    private FileEntry? _before;
    private readonly Action<string> _refused;
    private Usage _reserved;
    private long _written;
    private bool _exceeded;
    private int _settled;

    private QuotaTicket(QuotaUsage usage, Func<QuotaLimits> limits, IStorage storage, VfsPath path, FileEntry? before, long start, bool unseen, Usage reserved, Action<string> refused)
    {
        _unseen = unseen;
        _usage = usage;
        _limits = limits;
        _storage = storage;
        _path = path;
        _before = before;
        _start = start;
        _reserved = reserved;
        _refused = refused;
    }

    /// <summary>
    /// Opens the ticket before the upload is opened: a new file must fit the file count (refused with
    /// Quota before any data); <paramref name="refused"/> hears the sentence for the client.
    /// </summary>
    public static async ValueTask<QuotaTicket> OpenAsync(
        QuotaUsage usage, Func<QuotaLimits> limits, IStorage storage, VfsPath path, WriteMode mode, long offset, Action<string> refused, CancellationToken cancellationToken)
    {
        var before = await storage.StatAsync(path, cancellationToken).ConfigureAwait(false);
        if (before is { IsDirectory: true })
        {
            before = null; // The storage refuses it (IsADirectory); nothing to count.
        }

        var newFile = new Usage(0, before is null ? 1 : 0);
        if (!usage.TryReserve(newFile, limits(), out var refusal))
        {
            refused(refusal);
            throw new StorageException(FileError.Quota, refusal);
        }

        // Where the upload's first byte lands: WriteAt cuts the file there first, Append adds at its end.
        var start = mode switch
        {
            WriteMode.WriteAt => offset,
            WriteMode.Append => before?.Length ?? 0,
            _ => 0,
        };
        return new QuotaTicket(usage, limits, storage, path, before, start, mode == WriteMode.CreateWhole, newFile, refused);
    }

    /// <summary>Reserves room for the next <paramref name="count"/> bytes, or throws Quota (nothing of them is written).</summary>
    public void Reserve(int count)
    {
        var needed = Math.Max(0, _start + _written + count - (_before?.Length ?? 0)) - _reserved.Bytes;
        if (needed <= 0)
        {
            return;
        }

        if (!_usage.TryReserve(new Usage(needed, 0), _limits(), out var refusal))
        {
            _exceeded = true;
            _refused(refusal);
            throw new StorageException(FileError.Quota, refusal);
        }

        _reserved += new Usage(needed, 0);
    }

    public void Wrote(int count) => _written += count;

    /// <summary>
    /// A CreateWhole upload is about to replace the file another client made under its name: that
    /// file (counted by its own upload) is what this one changes now.
    /// </summary>
    public async ValueTask ReplacingAsync()
    {
        try
        {
            _before = await _storage.StatAsync(_path, CancellationToken.None).ConfigureAwait(false) is { IsDirectory: false } now ? now : null;
        }
        catch (StorageException)
        {
            // Best effort, as in SettleAsync: the figures may drift until the next measurement.
        }
    }

    /// <summary>
    /// The upload could not even be opened: its reservation goes and nothing changed (what is at the
    /// path now, a file that appeared meanwhile, is someone else's, counted by them).
    /// </summary>
    public void Cancel()
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            _usage.Settle(_reserved, default);
        }
    }

    /// <summary>
    /// Once, after commit or abort: the file as it now is, against the file as it was, is the change;
    /// the reservation goes. A new file the quota cut short is removed (it can never be completed,
    /// and its part would leave the account full); an in-place write (APPE, REST + STOR) keeps
    /// what arrived before the refusal, which fitted the quota.
    /// </summary>
    public async ValueTask SettleAsync(bool committed)
    {
        if (Interlocked.Exchange(ref _settled, 1) != 0)
        {
            return;
        }

        if (!committed && _unseen)
        {
            // Whatever is at the path now is another client's, counted by them.
            _usage.Settle(_reserved, default);
            return;
        }

        if (!committed && _exceeded && _before is null)
        {
            try
            {
                await _storage.DeleteFileAsync(_path, CancellationToken.None).ConfigureAwait(false);
            }
            catch (StorageException)
            {
                // Not there (no byte was ever written) or not removable: the stat below tells which.
            }
        }

        FileEntry? after = _before;
        try
        {
            after = await _storage.StatAsync(_path, CancellationToken.None).ConfigureAwait(false);
        }
        catch (StorageException)
        {
            // Best effort: counted as unchanged; the figures may drift until the next measurement.
        }

        var was = _before is null ? default : new Usage(_before.Length, 1);
        var now = after is null or { IsDirectory: true } ? default : new Usage(after.Length, 1);
        _usage.Settle(_reserved, now - was);
    }
}
