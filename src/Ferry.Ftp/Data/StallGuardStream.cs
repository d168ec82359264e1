namespace Ferry.Ftp.Data;

/// <summary>
/// Ends a transfer in which no byte moves for a while: every asynchronous read, write or flush must
/// finish within the stall timeout, or it fails with <see cref="DataStallException"/>. Each call
/// re-arms one reusable timer per direction, so a steady transfer allocates nothing per call and no
/// timer elsewhere has to poll the transfers. Synchronous calls pass through unguarded: the engine
/// uses only the asynchronous ones. Reads and writes may overlap each other, but two reads (or two
/// writes) must not, as with any stream.
/// </summary>
public sealed class StallGuardStream : Stream
{
    private readonly Stream _inner;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;
    private readonly bool _leaveOpen;
    private CancellationTokenSource _readTimer;
    private CancellationTokenSource _writeTimer;

    public StallGuardStream(Stream inner, TimeSpan stallTimeout, TimeProvider? timeProvider = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(stallTimeout, TimeSpan.Zero);
        _inner = inner;
        _timeout = stallTimeout;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _leaveOpen = leaveOpen;
        _readTimer = NewTimer();
        _writeTimer = NewTimer();
    }

    public TimeSpan StallTimeout => _timeout;

    public override bool CanRead => _inner.CanRead;

    public override bool CanWrite => _inner.CanWrite;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var timer = Arm(ref _readTimer);
        try
        {
            using (Link(cancellationToken, timer))
            {
                return await _inner.ReadAsync(buffer, timer.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (IsStall(ex, timer, cancellationToken))
        {
            throw new DataStallException(_timeout, ex);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The inner call saw the timer's token; the caller expects its own.
            throw new OperationCanceledException(cancellationToken);
        }
        finally
        {
            Disarm(ref _readTimer, timer);
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var timer = Arm(ref _writeTimer);
        try
        {
            using (Link(cancellationToken, timer))
            {
                await _inner.WriteAsync(buffer, timer.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (IsStall(ex, timer, cancellationToken))
        {
            throw new DataStallException(_timeout, ex);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The inner call saw the timer's token; the caller expects its own.
            throw new OperationCanceledException(cancellationToken);
        }
        finally
        {
            Disarm(ref _writeTimer, timer);
        }
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        var timer = Arm(ref _writeTimer);
        try
        {
            using (Link(cancellationToken, timer))
            {
                await _inner.FlushAsync(timer.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (IsStall(ex, timer, cancellationToken))
        {
            throw new DataStallException(_timeout, ex);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The inner call saw the timer's token; the caller expects its own.
            throw new OperationCanceledException(cancellationToken);
        }
        finally
        {
            Disarm(ref _writeTimer, timer);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _inner.Read(buffer);

    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _inner.Write(buffer);

    public override void Flush() => _inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        _readTimer.Dispose();
        _writeTimer.Dispose();
        if (!_leaveOpen)
        {
            await _inner.DisposeAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _readTimer.Dispose();
            _writeTimer.Dispose();
            if (!_leaveOpen)
            {
                _inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private static CancellationTokenRegistration Link(CancellationToken callerToken, CancellationTokenSource timer) =>
        callerToken.CanBeCanceled
            ? callerToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), timer)
            : default;

    /// <summary>A stall is the timer firing, not the caller cancelling; the inner stream may report it as an OCE or an I/O error.</summary>
    private static bool IsStall(Exception ex, CancellationTokenSource timer, CancellationToken callerToken) =>
        ex is OperationCanceledException or IOException
        && timer.IsCancellationRequested
        && !callerToken.IsCancellationRequested;

    private CancellationTokenSource Arm(ref CancellationTokenSource timer)
    {
        timer.CancelAfter(_timeout);
        return timer;
    }

    /// <summary>
    /// Stops the clock between calls (time spent elsewhere, say on the disk, is no stall). A fired
    /// timer cannot be reset and is replaced; so is one on a TimeProvider other than the system's,
    /// whose TryReset fails (and leaves the timer running) on .NET 10.
    /// </summary>
    private void Disarm(ref CancellationTokenSource field, CancellationTokenSource timer)
    {
        if (!timer.TryReset())
        {
            timer.Dispose();
            field = NewTimer();
        }
    }

    private CancellationTokenSource NewTimer() => new(Timeout.InfiniteTimeSpan, _timeProvider);
}
