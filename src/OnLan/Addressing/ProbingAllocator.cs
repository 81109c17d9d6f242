using OnLan.Ike;
using OnLan.Ports;
using OnLan.Wire;

namespace OnLan.Addressing;

/* The IKE engine's address port, served by the pool after an ARP probe on the LAN port.

   A request's path:
     WAN thread: IKE_AUTH authenticated → Acquire(spi, identity) → Pending; the request is queued for the LAN thread
     LAN thread: pool.ReserveCandidate(identity) (sticky first) → ARP probe ×ProbeCount, ProbeInterval apart
                 (sender 0.0.0.0, RFC 5227 §2.1.1) → ProbeWait of silence → pool.Commit → Assigned; wake the WAN thread
                 any ARP from the candidate (or another host probing it) → pool.MarkConflict → the next candidate
                 no candidate left → Exhausted
     WAN thread: the engine's next poll asks Acquire again and answers IKE_AUTH.
   RFC 5227 waits 1-2 s between three probes and 2 s after them (~4-7 s): long enough for IKE clients to retransmit
   and for some to give up. A LAN host answers an ARP request within milliseconds, so we keep the three probes
   and shorten the gaps (ProbeInterval, ProbeWait): ~0.6 s in all. Addresses in the LAN's ARP cache are taken as in
   use without a probe. */
public sealed class ProbingAllocator : IAddressAllocator, IPortService, IArpWatcher
{
    private readonly AddressPool _pool;
    private readonly PortHost _lan;
    private readonly TimeProvider _wallClock;
    private readonly ProbeTiming _timing;
    private readonly AddressRequests<Request> _requests;
    private readonly List<Request> _probing = []; // the LAN thread's
    private TimeSpan _nextExpiry;

    public ProbingAllocator(AddressPool pool, PortHost lan, IFrameLink lanLink, IFrameLink? wanLink, TimeProvider wallClock,
        TimeSpan leaseLifetime, ProbeTiming? timing = null)
    {
        _pool = pool;
        _lan = lan;
        _wallClock = wallClock;
        LeaseLifetime = leaseLifetime;
        _timing = timing ?? new ProbeTiming();
        _requests = new AddressRequests<Request>((id, identity) => new Request(id, identity), lanLink, wanLink);
        lan.ArpWatcher = this;
    }

    /// <summary>How long a lease runs before the IKE SA must have been rekeyed (= the SA lifetime); a live commit may change it.</summary>
    public TimeSpan LeaseLifetime { get; set; }

    public long ProbesSent { get; private set; }
    public long ConflictsFound { get; private set; }
    public long ExhaustedCount => Volatile.Read(ref _exhausted);
    private long _exhausted;

    // ---- the WAN thread (the IKE engine) ----

    public AddressOutcome Acquire(ulong request, string identity, out Ipv4Address address) =>
        _requests.Acquire(request, identity, out address);

    // The address the authentication server assigned: probed like any other, but no other candidate is tried.
    public AddressOutcome AcquireRequested(ulong request, string identity, Ipv4Address wanted, out Ipv4Address address) =>
        _requests.Acquire(request, identity, out address, wanted);

    public void Cancel(ulong request)
    {
        // Committed in the meantime: the lease was made for an SA that is gone.
        if (_requests.Cancel(request) is { } committed) _pool.Release(committed, _wallClock.GetUtcNow());
    }

    public void Renew(Ipv4Address address) => _pool.Renew(address, LeaseLifetime, _wallClock.GetUtcNow());

    public void Release(Ipv4Address address) => _pool.Release(address, _wallClock.GetUtcNow());

    // ---- the LAN thread ----

    public void ArpSeen(ArpOperation operation, MacAddress senderMac, Ipv4Address senderAddress, Ipv4Address targetAddress)
    {
        foreach (var request in _probing)
        {
            if (request.Candidate is not { } candidate) continue;
            // Someone speaks from the address, or probes for it at the same time (RFC 5227 §2.1.1).
            if (senderAddress == candidate || (senderAddress.IsAny && targetAddress == candidate)) request.Conflict = true;
        }
    }

    public void Poll(TimeSpan now, FrameBatch output)
    {
        while (_requests.TryTakeNew(out var fresh)) _probing.Add(fresh);
        for (int i = _probing.Count - 1; i >= 0; i--)
        {
            if (Advance(_probing[i], now, output)) continue;
            _probing.RemoveAt(i);
        }
        if (now >= _nextExpiry)
        {
            _pool.Expire(_wallClock.GetUtcNow());
            _nextExpiry = now + TimeSpan.FromSeconds(1);
        }
    }

    // One step of a request's probe; false when it is over (decided or cancelled).
    private bool Advance(Request request, TimeSpan now, FrameBatch output)
    {
        var wall = _wallClock.GetUtcNow();
        if (request.IsCancelled)
        {
            if (request.Candidate is { } reserved) _pool.CancelReservation(reserved);
            return false;
        }
        // Conflicts found while probing move on to the next candidate at once; the pool remembers each one, so
        // this ends after at most the pool's size.
        for (int tries = 0; ; tries++)
        {
            if (request.Candidate is { } candidate && (request.Conflict || KnownOnLan(candidate, now)))
            {
                ConflictsFound++;
                _pool.MarkConflict(candidate, wall);
                request.Candidate = null;
                request.Conflict = false;
                if (request.Wanted is not null)
                {
                    _requests.Decide(request, AddressOutcome.Exhausted);
                    return false;
                }
            }
            if (request.Candidate is not null) break;
            if (tries >= _timing.CandidatesPerPoll) return true; // more next poll
            request.Candidate = request.Wanted is { } wanted
                ? _pool.ReserveExactly(wanted, request.Identity, wall)
                : _pool.ReserveCandidate(request.Identity, wall);
            if (request.Candidate is null)
            {
                if (request.Wanted is null) Interlocked.Increment(ref _exhausted);
                _requests.Decide(request, AddressOutcome.Exhausted);
                return false;
            }
            request.ProbesSent = 0;
            request.NextStep = now;
        }
        if (now < request.NextStep) return true;
        var address = request.Candidate.Value;
        if (request.ProbesSent < _timing.ProbeCount)
        {
            _lan.SendArpProbe(address, output);
            ProbesSent++;
            request.ProbesSent++;
            request.NextStep = now + (request.ProbesSent < _timing.ProbeCount ? _timing.ProbeInterval : _timing.ProbeWait);
            return true;
        }
        // Silence after every probe: the address is free. The pool refuses when the reservation lapsed and the
        // address went to someone else meanwhile: then start again with another candidate.
        if (!_pool.Commit(address, request.Identity, LeaseLifetime, wall))
        {
            request.Candidate = null;
            return true;
        }
        if (!_requests.Decide(request, AddressOutcome.Assigned, address)) _pool.Release(address, wall);
        return false;
    }

    // A host the LAN port talked to recently holds the address: no need to ask.
    private bool KnownOnLan(Ipv4Address candidate, TimeSpan now) => _lan.Arp.TryGetMac(candidate, now, out _);

    public void Stop(TimeSpan now, FrameBatch output) { }

    private sealed class Request(ulong id, string identity) : AddressRequest(id, identity)
    {
        public Ipv4Address? Candidate;
        public bool Conflict;
        public int ProbesSent;
        public TimeSpan NextStep;
    }
}

/// <summary>How the LAN is asked whether an address is free (see <see cref="ProbingAllocator"/>).</summary>
public sealed record ProbeTiming
{
    public int ProbeCount { get; init; } = 3;
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromMilliseconds(150);
    public TimeSpan ProbeWait { get; init; } = TimeSpan.FromMilliseconds(300);
    /// <summary>Candidates found in use that one poll may skip before it yields the thread.</summary>
    public int CandidatesPerPoll { get; init; } = 16;
}
