using System.IO.Pipelines;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Ferry.WebDav.Transport;

/// <summary>
/// The connection's output as Kestrel sees it: a writer in front of the pipe that
/// <see cref="SocketSendLoop"/> drains. Outside a file region every byte goes into the pipe, as
/// before. Inside one (<see cref="BeginRegion"/>) the writer hands out <see cref="_scratch"/>, memory
/// that is never sent, and each advance becomes a <see cref="FileSlice"/>: "after pipe byte
/// <see cref="FileSlice.At"/>, send these bytes of the file". The body's placeholder bytes therefore
/// never enter the pipe, so they cannot reach the wire whatever they hold (pooled memory can hold
/// another client's data); the pipe carries only bytes Kestrel wrote into memory it got from the
/// pipe outside a region.
/// Kestrel calls a connection's writer from one request at a time; the slices are shared with the
/// send loop under <see cref="_lock"/>.
/// </summary>
internal sealed class RegionWriter : PipeWriter
{
    /// <summary>
    /// File bytes announced but not yet sent before a flush waits: 4 MiB, about what loopback's
    /// socket buffer takes (tcp_wmem's default maximum), so the kernel always has the next slice
    /// queued while the writer is asleep; past it the writer waits like a pipe past its pause
    /// threshold (Kestrel's own output pipe pauses at 64 KiB, but those are bytes held in memory;
    /// these are a file's bytes, which cost nothing to hold).
    /// </summary>
    internal const long AheadBytes = 4 * 1024 * 1024;

    /// <summary>The writer wakes again once no more than this is left (half, as Kestrel's resume threshold).</summary>
    internal const long ResumeBytes = AheadBytes / 2;

    /// <summary>Slices not yet started are joined up to this, so one kernel call covers several of the writer's pieces.</summary>
    internal const long MaxSliceBytes = 16 * 1024 * 1024;

    private readonly PipeWriter _inner;
    private readonly PipeReader _reader;
    private readonly byte[] _scratch;
    private readonly Lock _lock = new();
    private readonly Queue<FileSlice> _slices = new();

    /// <summary>The slice queued last, which a contiguous advance may extend.</summary>
    private FileSlice? _tail;

    /// <summary>Bytes advanced into the pipe (outside regions): the position a slice is placed at.</summary>
    private long _written;

    private Region? _open;

    /// <summary>Whether the memory handed out last was <see cref="_scratch"/>: then an advance is a region's, never the pipe's.</summary>
    private bool _handedScratch;

    /// <summary>Set when a region ended before its count (or the contract broke): nothing more is accepted.</summary>
    private bool _poisoned;

    private bool _wake;
    private long _queued;
    private TaskCompletionSource? _drained;
    private Exception? _failure;

    /// <summary>Set by <see cref="CancelPendingFlush"/> while a flush waits for the kernel; the waiting flush returns cancelled.</summary>
    private bool _flushCanceled;

    public RegionWriter(PipeWriter inner, PipeReader reader, byte[] scratch)
    {
        _inner = inner;
        _reader = reader;
        _scratch = scratch;
    }

    /// <summary>File bytes sent by the kernel so far (all regions).</summary>
    public long FileBytesSent { get; private set; }

    /// <summary>Whether the send loop has failed (the connection is being aborted).</summary>
    public bool Failed => Volatile.Read(ref _failure) is not null;

    /// <summary>
    /// From here on, the next <paramref name="count"/> bytes advanced are the file's, from
    /// <paramref name="offset"/>. Everything Kestrel wrote before must already be advanced into
    /// this writer (the caller flushed the response first).
    /// </summary>
    public void BeginRegion(SafeFileHandle file, long offset, long count)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (_poisoned || _open is not null)
        {
            throw new InvalidOperationException("A file region is already open on this connection.");
        }

        _open = new Region(file, offset, count);
    }

    /// <summary>Whether a region is still waiting for bytes.</summary>
    public bool RegionOpen => _open is not null;

    /// <summary>
    /// The region ended before its count (the writer gave up): the connection can carry nothing
    /// more, as the body is short. Everything after is refused.
    /// </summary>
    public void AbandonRegion()
    {
        if (_open is not null)
        {
            _open = null;
            _poisoned = true;
        }
    }

    /// <summary>Whether <paramref name="memory"/> is this writer's scratch (placeholders there are never sent, so they need no clearing).</summary>
    public bool IsScratch(Memory<byte> memory) =>
        MemoryMarshal.TryGetArray<byte>(memory, out var segment) && ReferenceEquals(segment.Array, _scratch);

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        ThrowIfPoisoned();
        if (_open is not null)
        {
            _handedScratch = true;
            return _scratch;
        }

        _handedScratch = false;
        return _inner.GetMemory(sizeHint);
    }

    public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public override void Advance(int bytes)
    {
        ThrowIfPoisoned();
        if (!_handedScratch)
        {
            // Memory from the pipe: real bytes, in order.
            _inner.Advance(bytes);
            _written += bytes;
            return;
        }

        if (bytes == 0)
        {
            return;
        }

        if (_open is not { } region || bytes > region.Remaining || bytes > _scratch.Length)
        {
            // More than the region's count written into scratch: a framing bug. Refused, and the
            // connection goes: pipe memory must never be advanced here, it was not written.
            _poisoned = true;
            throw new InvalidOperationException("More bytes were written into a file region than it holds.");
        }

        lock (_lock)
        {
            if (_tail is { Started: false } last && last.At == _written && ReferenceEquals(last.File, region.File)
                && last.Offset + last.Count == region.Offset && last.Count + bytes <= MaxSliceBytes)
            {
                last.Count += bytes;
            }
            else
            {
                _tail = new FileSlice(region.File, region.Offset, bytes, _written);
                _slices.Enqueue(_tail);
            }

            _queued += bytes;
        }

        region.Offset += bytes;
        region.Remaining -= bytes;
        if (region.Remaining == 0)
        {
            _open = null;
        }

        _wake = true;
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (!_wake && Volatile.Read(ref _queued) == 0)
        {
            // No file bytes involved: a plain pipe flush.
            return _inner.FlushAsync(cancellationToken);
        }

        return FlushRegionAsync(cancellationToken);
    }

    private async ValueTask<FlushResult> FlushRegionAsync(CancellationToken cancellationToken)
    {
        var flushed = await _inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (_wake)
        {
            // A slice does not wake the reader as bytes do: cancelling its pending read does.
            _wake = false;
            _reader.CancelPendingRead();
        }

        if (flushed.IsCompleted || flushed.IsCanceled)
        {
            if (flushed.IsCanceled)
            {
                // The pipe took the cancellation; it must not cancel a later flush as well.
                lock (_lock)
                {
                    _flushCanceled = false;
                }
            }

            return flushed;
        }

        // While the region is open the writer may run ahead of the kernel by AheadBytes; once the
        // last byte is announced, the flush waits until all of it is sent, so the response counts
        // as written only when the client has been given it.
        var limit = _open is null ? 0 : AheadBytes;
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_failure is not null)
                {
                    return new FlushResult(isCanceled: false, isCompleted: true);
                }

                if (_flushCanceled)
                {
                    _flushCanceled = false;
                    return new FlushResult(isCanceled: true, isCompleted: false);
                }

                if (_queued <= limit)
                {
                    return flushed;
                }

                _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _drained.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Cancels the pipe's pending flush and a wait for file bytes to drain alike (Kestrel cancels a flush when it aborts).</summary>
    public override void CancelPendingFlush()
    {
        TaskCompletionSource? wake;
        lock (_lock)
        {
            _flushCanceled = true;
            wake = _drained;
            _drained = null;
        }

        wake?.TrySetResult();
        _inner.CancelPendingFlush();
    }

    public override void Complete(Exception? exception = null) => _inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);

    /// <summary>The next slice to send, if any (the loop sends it once the pipe has reached its position).</summary>
    internal FileSlice? PeekSlice()
    {
        lock (_lock)
        {
            if (_slices.TryPeek(out var slice))
            {
                slice.Started = true;
                return slice;
            }

            return null;
        }
    }

    /// <summary>The kernel sent <paramref name="slice"/> whole.</summary>
    internal void SliceSent(FileSlice slice)
    {
        TaskCompletionSource? wake = null;
        lock (_lock)
        {
            _slices.Dequeue();
            if (ReferenceEquals(_tail, slice))
            {
                _tail = null;
            }

            _queued -= slice.Count;
            FileBytesSent += slice.Count;
            if (_queued <= ResumeBytes)
            {
                wake = _drained;
                _drained = null;
            }
        }

        wake?.TrySetResult();
    }

    /// <summary>The send loop stopped on an error: every waiting and later flush reports the connection completed.</summary>
    internal void Fail(Exception error)
    {
        TaskCompletionSource? wake;
        lock (_lock)
        {
            _failure ??= error;
            wake = _drained;
            _drained = null;
        }

        wake?.TrySetResult();
    }

    private void ThrowIfPoisoned()
    {
        if (_poisoned)
        {
            throw new InvalidOperationException("A file region on this connection ended early; the connection carries nothing more.");
        }
    }

    /// <summary>The open region: where its next byte lies in the file and how many are still to come.</summary>
    private sealed class Region(SafeFileHandle file, long offset, long remaining)
    {
        public SafeFileHandle File { get; } = file;

        public long Offset { get; set; } = offset;

        public long Remaining { get; set; } = remaining;
    }
}

/// <summary>"After pipe byte <see cref="At"/>, send <see cref="Count"/> bytes of <see cref="File"/> from <see cref="Offset"/>."</summary>
internal sealed class FileSlice(SafeFileHandle file, long offset, long count, long at)
{
    public SafeFileHandle File { get; } = file;

    public long Offset { get; } = offset;

    /// <summary>Grows while the slice is not <see cref="Started"/> (under the writer's lock).</summary>
    public long Count { get; set; } = count;

    public long At { get; } = at;

    /// <summary>Set once the send loop has looked at it; from then on it never grows.</summary>
    public bool Started { get; set; }
}
