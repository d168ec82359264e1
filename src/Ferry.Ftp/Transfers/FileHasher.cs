using System.Buffers;
using Ferry.Ftp.Protocol;

namespace Ferry.Ftp.Transfers;

/// <summary>
/// Hashes a run of bytes of an open file for HASH, no faster than <paramref name="bytesPerSecond"/>
/// (0: unbounded). Hashing costs CPU and disk reads but moves no data, so without a bound one
/// client repeating HASH on a large file could keep a core busy at no cost to itself. The pace is
/// kept against the clock from the start (sleeping when ahead), so one slow read does not lower
/// the rate for the rest of the file; the delay honours the cancellation ABOR triggers.
/// </summary>
/// <param name="progress">Told the size of each read once it is hashed (STAT shows it), if given.</param>
public sealed class FileHasher(long bytesPerSecond, TimeProvider time, Action<long>? progress = null)
{
    /// <summary>One read; small enough that the pace is smooth at a few MiB/s, large enough that reads are cheap.</summary>
    private const int ChunkSize = 64 * 1024;

    /// <summary>
    /// Reads up to <paramref name="count"/> bytes from <paramref name="content"/> and returns their
    /// hash and how many bytes there were (fewer when the file shrank while it was read).
    /// </summary>
    public async Task<(byte[] Hash, long Bytes)> HashAsync(Stream content, long count, HashName algorithm, CancellationToken cancellationToken)
    {
        using var hash = HashNames.Create(algorithm);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var started = time.GetTimestamp();
        long done = 0;
        try
        {
            while (done < count)
            {
                var read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(ChunkSize, count - done)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                hash.AppendData(buffer, 0, read);
                done += read;
                progress?.Invoke(read);
                await KeepPaceAsync(done, started, cancellationToken).ConfigureAwait(false);
            }

            return (hash.GetHashAndReset(), done);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask KeepPaceAsync(long done, long started, CancellationToken cancellationToken)
    {
        if (bytesPerSecond <= 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return;
        }

        var due = TimeSpan.FromSeconds((double)done / bytesPerSecond);
        var ahead = due - time.GetElapsedTime(started);
        if (ahead > TimeSpan.Zero)
        {
            await Task.Delay(ahead, time, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
