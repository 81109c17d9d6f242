using System.Collections.Concurrent;
using OnLan.Ike;
using OnLan.Ports;
using OnLan.Wire;

namespace OnLan.Addressing;

/// <summary>
/// Where the IKE engine (WAN thread) and the section that finds addresses (LAN thread: ARP probe, DHCP relay) meet.
/// The engine asks with <see cref="Acquire"/> until the request is decided; the LAN thread takes new requests with
/// <see cref="TryTakeNew"/> and settles each with <see cref="Decide"/>. Each side wakes the other's port.
/// </summary>
public sealed class AddressRequests<TRequest>(Func<ulong, string, TRequest> create, IFrameLink lanLink, IFrameLink? wanLink)
    where TRequest : AddressRequest
{
    private readonly ConcurrentDictionary<ulong, TRequest> _byId = new();
    private readonly ConcurrentQueue<TRequest> _new = new();

    // ---- the WAN thread ----

    /// <summary>Starts or asks again about request <paramref name="id"/>; <paramref name="wanted"/>: exactly that address or none.</summary>
    public AddressOutcome Acquire(ulong id, string identity, out Ipv4Address address, Ipv4Address? wanted = null)
    {
        address = default;
        if (!_byId.TryGetValue(id, out var request))
        {
            request = create(id, identity);
            request.Wanted = wanted;
            _byId[id] = request;
            _new.Enqueue(request);
            lanLink.Wake();
            return AddressOutcome.Pending;
        }
        var outcome = (AddressOutcome)Volatile.Read(ref request.State);
        if (outcome == AddressOutcome.Pending) return outcome;
        _byId.TryRemove(id, out _);
        address = request.Address;
        return outcome;
    }

    /// <summary>
    /// Drops request <paramref name="id"/>. Returns its address when it had been assigned meanwhile (nobody will use
    /// it: the caller gives it back), otherwise null; the LAN thread sees <see cref="AddressRequest.IsCancelled"/>.
    /// </summary>
    public Ipv4Address? Cancel(ulong id)
    {
        if (!_byId.TryRemove(id, out var request)) return null;
        int before = Interlocked.CompareExchange(ref request.State, AddressRequest.Cancelled, (int)AddressOutcome.Pending);
        return before == (int)AddressOutcome.Assigned ? request.Address : null;
    }

    // ---- the LAN thread ----

    public bool TryTakeNew(out TRequest request) => _new.TryDequeue(out request!);

    /// <summary>Settles a request; false when the engine cancelled it first (then an assigned address is the caller's to give back).</summary>
    public bool Decide(TRequest request, AddressOutcome outcome, Ipv4Address address = default)
    {
        request.Address = address;
        bool decided = Interlocked.CompareExchange(ref request.State, (int)outcome, (int)AddressOutcome.Pending) == (int)AddressOutcome.Pending;
        wanLink?.Wake();
        return decided;
    }
}

/// <summary>One IKE SA's request for an address; the sections add what they need to find it.</summary>
public class AddressRequest(ulong id, string identity)
{
    internal const int Cancelled = -1;

    public ulong Id { get; } = id;
    public string Identity { get; } = identity;
    /// <summary>The one address this request may end with (RADIUS Framed-IP-Address); null: any the section finds.</summary>
    public Ipv4Address? Wanted { get; internal set; }
    internal int State = (int)AddressOutcome.Pending;
    internal Ipv4Address Address;

    public bool IsCancelled => Volatile.Read(ref State) == Cancelled;
}
