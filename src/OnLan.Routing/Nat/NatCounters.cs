namespace OnLan.Routing.Nat;

/// <summary>
/// What the <see cref="NatTable"/> did, counted instead of logged. Written only by the table's thread; other threads
/// (the CLI's <c>show nat</c>) may read them at any time and see values a few packets old — 64-bit reads do not tear
/// on the 64-bit boards we ship.
/// </summary>
public sealed class NatCounters
{
    /// <summary>Packets rewritten by <see cref="NatTable.Outbound"/> (hairpinned ones included).</summary>
    public long TranslatedOutbound { get; internal set; }

    /// <summary>Packets rewritten by <see cref="NatTable.Inbound"/> (hairpinned ones and ICMP errors included).</summary>
    public long TranslatedInbound { get; internal set; }

    /// <summary>Packets a LAN host sent to the WAN address that were looped back to the LAN.</summary>
    public long Hairpinned { get; internal set; }

    /// <summary>ICMP errors (unreachable, time exceeded, parameter problem) matched to a flow and translated, either way.</summary>
    public long IcmpErrorsTranslated { get; internal set; }

    public long FlowsCreated { get; internal set; }

    /// <summary>Flows removed, still alive, to make room for a new one: the table is too small for the load.</summary>
    public long FlowsEvicted { get; internal set; }

    /// <summary>Flows removed because their timeout ran out (found on lookup, by <see cref="NatTable.Sweep"/>, or as the eviction victim).</summary>
    public long FlowsExpired { get; internal set; }

    /// <summary>New flows refused because no external port was free (<see cref="NatResult.DroppedNoPort"/>).</summary>
    public long NoPortAvailable { get; internal set; }

    /// <summary>Inbound packets with no flow and no port forward (<see cref="NatResult.NotTracked"/>).</summary>
    public long NotTrackedInbound { get; internal set; }

    /// <summary>Outbound TCP RSTs and ICMP errors for no flow (<see cref="NatResult.NotTracked"/>).</summary>
    public long NotTrackedOutbound { get; internal set; }

    /// <summary><see cref="NatResult.DroppedMalformed"/>, either way.</summary>
    public long Malformed { get; internal set; }

    /// <summary><see cref="NatResult.DroppedFragment"/>, either way.</summary>
    public long Fragments { get; internal set; }

    /// <summary><see cref="NatResult.DroppedUnsupported"/>, either way.</summary>
    public long Unsupported { get; internal set; }
}
