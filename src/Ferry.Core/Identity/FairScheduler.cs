using System.Net;

namespace Ferry.Core.Identity;

/// <summary>
/// Turns at slow work (password hashes), shared fairly among client addresses. A bounded number of
/// turns run at once; each address waits in its own queue; the queues take turns round-robin, one
/// turn each. An address brings a standing with each request (how many logon attempts the ban list
/// holds against it) and the waiting address with the best (lowest) standing goes first, so a
/// flood, whose attempts the ban list counts as they start, waits behind addresses that are not
/// flooding, however long its queues are: a logon from a clean address waits only for the turns
/// already running. Each address may have a bounded number of turns waiting or running; beyond
/// that it is refused at once. Keys are compared as given: the caller groups addresses (IPv6 /64s).
/// </summary>
public sealed class FairScheduler
{
    private readonly int _maxPerAddress;
    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, Flow> _flows = [];

    // Addresses with turns waiting, in the order they joined (the last tie-break).
    private readonly LinkedList<Flow> _rotation = new();
    private int _freeTurns;

    // Counts grants: among equal standings the address served longest ago goes first (round-robin).
    private long _grants;

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
    /// <param name="standing">
    /// Lower goes first. An address keeps the worst standing any of its waiting requests brought
    /// until it has nothing waiting or running, so its queue's head cannot vouch for its tail.
    /// </param>
    public Task<HashTurn?> WaitTurnAsync(IPAddress key, int standing, CancellationToken cancellationToken)
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
            refused = !TryQueue(key, standing, waiter);
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
    private bool TryQueue(IPAddress key, int standing, Waiter waiter)
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
        flow.Standing = Math.Max(flow.Standing, standing);
        flow.InRotation ??= _rotation.AddLast(flow);
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
            if (flow.Waiting.Count == 0)
            {
                LeaveRotation(flow);
            }

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

    /// <summary>
    /// Under the lock: grants free turns to the best standing; among equals, to the address served
    /// longest ago (never, for one that was idle), then to the one that asked first. A walk over the
    /// addresses with work waiting; it runs once per hash, which costs far more than the walk.
    /// </summary>
    private void Dispatch()
    {
        while (_freeTurns > 0)
        {
            LinkedListNode<Flow>? best = null;
            for (var node = _rotation.First; node is not null; node = node.Next)
            {
                var flow = node.Value;
                if (best is null
                    || flow.Standing < best.Value.Standing
                    || (flow.Standing == best.Value.Standing && flow.LastServed < best.Value.LastServed))
                {
                    best = node;
                }
            }

            if (best is null)
            {
                return;
            }

            var served = best.Value;
            var waiter = served.Waiting.First!.Value;
            served.Waiting.RemoveFirst();
            waiter.Node = null;

            // Unregister, not Dispose: it does not wait for a callback that may be waiting for this lock.
            waiter.Registration.Unregister();
            served.Running++;
            served.LastServed = ++_grants;
            _freeTurns--;
            if (served.Waiting.Count == 0)
            {
                LeaveRotation(served);
            }

            waiter.Turn.TrySetResult(new HashTurn(this, served));
        }
    }

    private void LeaveRotation(Flow flow)
    {
        if (flow.InRotation is { } node)
        {
            _rotation.Remove(node);
            flow.InRotation = null;
        }
    }

    /// <summary>Under the lock: an address with nothing waiting or running is forgotten, its standing with it.</summary>
    private void ForgetIfIdle(Flow flow)
    {
        if (flow.Waiting.Count == 0 && flow.Running == 0)
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

        /// <summary>The worst standing its requests brought since it was last idle.</summary>
        public int Standing { get; set; } = int.MinValue;

        /// <summary>When it was last granted a turn (a count of grants); 0 since it was last idle.</summary>
        public long LastServed { get; set; }

        /// <summary>Its place in the rotation while it has turns waiting.</summary>
        public LinkedListNode<Flow>? InRotation { get; set; }
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
