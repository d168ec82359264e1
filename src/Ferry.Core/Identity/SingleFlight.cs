namespace Ferry.Core.Identity;

/// <summary>
/// Runs one piece of work per key at a time and gives its result to every caller that asked for the
/// same key while it ran: a burst of identical requests costs one computation. A caller that is
/// cancelled stops waiting without cancelling the work for the others; only when every caller has
/// gone is the work cancelled and forgotten.
/// </summary>
internal sealed class SingleFlight<TKey, TResult>
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, Flight> _flights;

    public SingleFlight(IEqualityComparer<TKey>? comparer = null)
    {
        _flights = new Dictionary<TKey, Flight>(comparer);
    }

    /// <summary>Work started and not yet finished or abandoned.</summary>
    internal int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _flights.Count;
            }
        }
    }

    /// <summary>
    /// The result of <paramref name="work"/> for <paramref name="key"/>: started now, or joined if
    /// already running. The token given to <paramref name="work"/> is cancelled only once every
    /// caller waiting for it has been cancelled.
    /// </summary>
    public async Task<TResult> RunAsync(TKey key, Func<CancellationToken, Task<TResult>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        cancellationToken.ThrowIfCancellationRequested();

        Flight? flight;
        bool starts;
        lock (_gate)
        {
            starts = !_flights.TryGetValue(key, out flight);
            if (flight is null)
            {
                flight = new Flight();
                _flights.Add(key, flight);
            }

            flight.Waiters++;
        }

        if (starts)
        {
            // Not awaited here: this caller waits on the shared result like every other.
            _ = FlyAsync(key, flight, work);
        }

        try
        {
            return await flight.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Leave(key, flight);
            throw;
        }
    }

    private async Task FlyAsync(TKey key, Flight flight, Func<CancellationToken, Task<TResult>> work)
    {
        try
        {
            var result = await work(flight.Cancellation.Token).ConfigureAwait(false);
            Land(key, flight);
            flight.Result.TrySetResult(result);
        }
        catch (OperationCanceledException) when (flight.Cancellation.IsCancellationRequested)
        {
            Land(key, flight);
            flight.Result.TrySetCanceled(flight.Cancellation.Token);
        }
        catch (Exception error)
        {
            Land(key, flight);
            flight.Result.TrySetException(error);
        }
    }

    /// <summary>Forgets the flight before its result is published, so later callers start afresh.</summary>
    private void Land(TKey key, Flight flight)
    {
        lock (_gate)
        {
            flight.Landed = true;
            RemoveIfCurrent(key, flight);
        }
    }

    private void Leave(TKey key, Flight flight)
    {
        bool abandoned;
        lock (_gate)
        {
            flight.Waiters--;
            abandoned = flight.Waiters == 0 && !flight.Landed;
            if (abandoned)
            {
                // Removed under the same lock as the count, so no caller can join work about to be cancelled.
                RemoveIfCurrent(key, flight);
            }
        }

        if (abandoned)
        {
            // Outside the lock: cancellation runs the work's callbacks synchronously.
            flight.Cancellation.Cancel();
        }
    }

    private void RemoveIfCurrent(TKey key, Flight flight)
    {
        if (_flights.TryGetValue(key, out var current) && ReferenceEquals(current, flight))
        {
            _flights.Remove(key);
        }
    }

    private sealed class Flight
    {
        public TaskCompletionSource<TResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // Never disposed: it has no timer and no linked tokens, so it holds nothing to release, and
        // disposing it could race with a last caller's Cancel.
        public CancellationTokenSource Cancellation { get; } = new();

        /// <summary>Guarded by the owner's lock.</summary>
        public int Waiters { get; set; }

        /// <summary>Guarded by the owner's lock.</summary>
        public bool Landed { get; set; }
    }
}
