namespace OnLan.Routing.Nat;

/// <summary>How big the <see cref="NatTable"/> is and how it ages flows. Read once, by the constructor.</summary>
public sealed record NatOptions
{
    /// <summary>
    /// The most flows the table holds; all memory is allocated up front (about 48 bytes a flow, plus two hash heads
    /// of 4 bytes per power-of-two bucket, plus a fixed ~1 MB of per-port state). A full table evicts its oldest idle
    /// flow to admit a new one.
    /// </summary>
    public int Capacity { get; init; } = 65536;

    public NatTimeouts Timeouts { get; init; } = new();

    /// <summary>
    /// UDP ports on the WAN address that belong to the gateway itself and are never given to a flow: IKE (500), NAT-T
    /// (4500) and the DHCP client (68). Without this a LAN host sending from port 500 would keep that port and steal
    /// the gateway's IKE replies. Add the port of any other socket the gateway opens on its WAN address.
    /// </summary>
    public IReadOnlyList<ushort> ReservedUdpPorts { get; init; } = [68, 500, 4500];

    /// <summary>TCP ports on the WAN address that belong to the gateway itself (none by default).</summary>
    public IReadOnlyList<ushort> ReservedTcpPorts { get; init; } = [];

    /// <summary>Seeds the flow hash; null picks a random one so that hosts cannot aim their flows at one bucket.</summary>
    public ulong? HashSeed { get; init; }
}
