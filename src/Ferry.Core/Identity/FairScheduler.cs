using System.Net;

namespace Ferry.Core.Identity;

/// <summary>
/// Turns at slow work (password hashes), shared fairly among client addresses: a bounded number of
/// turns run at once, each address waits in its own queue, and the queues are served round-robin,
/// one turn each. An address that was idle for a whole round is served before the addresses that
/// keep queues (the "new flows first" rule of fq_codel, RFC 8290), so a flood from a few addresses
/// delays a newcomer by at most the turns already running, however long the flood's queues are.
/// Each address may have a bounded number of turns waiting or running; beyond that it is refused at
/// once, without waiting. Keys are compared as given: the caller groups addresses (IPv6 /64s).
/// </summary>
public sealed class FairScheduler
{
    private readonly int _maxPerAddress;
    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, Flow> _flows = [];

    // Queues that were idle for a round: served first, once, then they join the rotation.
    private readonly LinkedList<Flow> _newFlows = new();

    // The rotation of queues that keep work waiting.
    private readonly LinkedList<Flow> _oldFlows = new();
    private int _freeTurns;

    /// <param name="concurrency">Turns that run at once.</param>
    /// <param name="maxPerAddress">Turns one address may have waiting or running; more are refused at once.</param>
    public FairScheduler(int concurrency, int maxPerAddress)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerAddress, 1);
        _freeTurns = concurrency;
        _maxPerAddress = maxPerAddress;
    }

    /// <summary>Turns waiting, over every address.</summary>
    internal int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _flows.Values.Sum(flow => flow.Waiting.Count);
            }
        }
    }

    /// <summary>Addresses with turns waiting or running.</summary>
    internal int Addresses
    {
        get
        {
            lock (_gate)
            {
                return _flows.Count;
            }
        }
    }

    /// <summary>
    /// The caller's turn for <paramref name="key"/>: completes when the work may run; dispose the turn
    /// when the work is done. Null, at once, when the address already has as many turns as it may.
    /// Cancelled while waiting, the caller leaves the queue. The task completes in the same step as
    /// the grant (no continuation in between), so the order of grants is the order of completions.
    /// </summary>
    public Task<HashTurn?> WaitTurnAsync(IPAddress key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<HashTurn?>(cancellationToken);
        }

        // Registered before the waiter is queued, so that a grant always finds the registration to
        // remove; a cancellation that comes first is noted and honoured when the waiter is queued.
        var waiter = new Waiter(this);
        waiter.Registration = cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Owner.Leave((Waiter)state!, token), waiter);
        bool refused;
        lock (_gate)
        {
            refused = !TryQueue(key, waiter);
            Dispatch();
        }

        if (refused)
        {
            // Outside the lock: Dispose waits for a running callback, which may be waiting for the lock.
            waiter.Registration.Dispose();
            return Task.FromResult<HashTurn?>(null);
        }

        return waiter.Turn.Task;
    }

    /// <summary>Under the lock: false when the address has as many turns as it may.</summary>
    private bool TryQueue(IPAddress key, Waiter waiter)
    {
        if (!_flows.TryGetValue(key, out var flow))
        {
            flow = new Flow(key);
            _flows.Add(key, flow);
        }

        if (flow.Waiting.Count + flow.Running >= _maxPerAddress)
        {
            return false;
        }

        if (waiter.Cancelled)
        {
            waiter.Turn.TrySetCanceled(waiter.CancelledBy);
            ForgetIfIdle(flow);
            return true;
        }

        waiter.Flow = flow;
        waiter.Node = flow.Waiting.AddLast(waiter);
        if (flow.List is null)
        {
            Enlist(flow, _newFlows);
        }

        return true;
    }

    private void Leave(Waiter waiter, CancellationToken token)
    {
        lock (_gate)
        {
            waiter.Cancelled = true;
            waiter.CancelledBy = token;
            if (waiter.Node is null)
            {
                // Granted already (the caller has the turn and disposes it), or not queued yet (TryQueue sees the flag).
                return;
            }

            var flow = waiter.Flow!;
            flow.Waiting.Remove(waiter.Node);
            waiter.Node = null;
            waiter.Turn.TrySetCanceled(token);
            ForgetIfIdle(flow);
        }
    }

    private void End(Flow flow)
    {
        lock (_gate)
        {
            _freeTurns++;
            flow.Running--;
            ForgetIfIdle(flow);
            Dispatch();
        }
    }

    /// <summary>Under the lock: grants free turns, new queues first, then the rotation.</summary>
    private void Dispatch()
    {
        while (_freeTurns > 0)
        {
            var next = _newFlows.First ?? _oldFlows.First;
            if (next is null)
            {
                return;
            }

            var flow = next.Value;
            if (flow.Waiting.First is not { } first)
            {
                // Idle for a whole round: out of the rotation, so its next turn counts as new.
                Delist(flow);
                ForgetIfIdle(flow);
                continue;
            }

            flow.Waiting.RemoveFirst();
            var waiter = first.Value;
            waiter.Node = null;

            // Unregister, not Dispose: it does not wait for a callback that may be waiting for this lock.
            waiter.Registration.Unregister();
            flow.Running++;
            _freeTurns--;

            // Served once: to the back of the rotation, and it stays there while the round passes even
            // if its queue is empty now, so that a queue kept barely empty cannot count as new each time.
            Delist(flow);
            Enlist(flow, _oldFlows);
            waiter.Turn.TrySetResult(new HashTurn(this, flow));
        }
    }

    private static void Enlist(Flow flow, LinkedList<Flow> list)
    {
        flow.List = list;
        flow.Node = list.AddLast(flow);
    }

    private static void Delist(Flow flow)
    {
        if (flow.List is not null)
        {
            flow.List.Remove(flow.Node!);
            flow.List = null;
            flow.Node = null;
        }
    }

    /// <summary>Under the lock: an address with nothing waiting, running or listed is forgotten.</summary>
    private void ForgetIfIdle(Flow flow)
    {
        if (flow.Waiting.Count == 0 && flow.Running == 0 && flow.List is null)
        {
            _flows.Remove(flow.Key);
        }
    }

    /// <summary>One address's queue. Guarded by the owner's lock.</summary>
    internal sealed class Flow(IPAddress key)
    {
        public IPAddress Key { get; } = key;

        public LinkedList<Waiter> Waiting { get; } = new();

        public int Running { get; set; }

        /// <summary>The list it is in (new or old), if any.</summary>
        public LinkedList<Flow>? List { get; set; }

        public LinkedListNode<Flow>? Node { get; set; }
    }

    /// <summary>One caller waiting for a turn. Guarded by the owner's lock, but for the registration set before it is queued.</summary>
    internal sealed class Waiter(FairScheduler owner)
    {
        public FairScheduler Owner { get; } = owner;

        public Flow? Flow { get; set; }

        /// <summary>Its place in the flow's queue; null until queued and once granted or gone.</summary>
        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }

        public bool Cancelled { get; set; }

        public CancellationToken CancelledBy { get; set; }

        public TaskCompletionSource<HashTurn?> Turn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A granted turn; disposing it (once; later calls do nothing) lets the next one run.</summary>
    public sealed class HashTurn : IDisposable
    {
        private readonly FairScheduler _owner;
        private readonly Flow _flow;
        private int _ended;

        internal HashTurn(FairScheduler owner, Flow flow)
        {
            _owner = owner;
            _flow = flow;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                _owner.End(_flow);
            }
        }
    }
}
