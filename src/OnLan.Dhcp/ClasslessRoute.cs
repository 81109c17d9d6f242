using OnLan.Wire;

namespace OnLan.Dhcp;

/// <summary>
/// One route of option 121 (RFC 3442): a destination network and the router to reach it through. The destination is
/// kept as its network (host bits cleared), the only form the option can carry.
/// </summary>
public readonly record struct ClasslessRoute
{
    public ClasslessRoute(Ipv4Prefix destination, Ipv4Address router)
    {
        Destination = new Ipv4Prefix(destination.Network, destination.PrefixLength);
        Router = router;
    }

    public Ipv4Prefix Destination { get; }
    public Ipv4Address Router { get; }

    /// <summary>Width octet, the significant octets of the destination, the router: 1 + ceil(width / 8) + 4 bytes.</summary>
    public int EncodedLength => 1 + SignificantOctets(Destination.PrefixLength) + Ipv4Address.Length;

    /// <summary>ceil(width / 8): 0.0.0.0/0 carries none, 10.0.0.0/8 one, 10.229.0.128/25 four.</summary>
    public static int SignificantOctets(int prefixLength) => (prefixLength + 7) / 8;

    /// <summary>Writes <see cref="EncodedLength"/> bytes; the caller sized <paramref name="destination"/>.</summary>
    public int WriteTo(Span<byte> destination)
    {
        int octets = SignificantOctets(Destination.PrefixLength);
        Span<byte> network = stackalloc byte[Ipv4Address.Length];
        Destination.Address.WriteTo(network);
        destination[0] = (byte)Destination.PrefixLength;
        network[..octets].CopyTo(destination[1..]);
        Router.WriteTo(destination[(1 + octets)..]);
        return 1 + octets + Ipv4Address.Length;
    }

    /// <summary>
    /// Reads one route from the start of <paramref name="source"/>; false (and nothing consumed) when the width is
    /// above 32 or the bytes end early. Bits of the last significant octet beyond the width are cleared.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out ClasslessRoute route, out int consumed)
    {
        route = default;
        consumed = 0;
        if (source.Length < 1 || source[0] > 32)
            return false;
        int width = source[0];
        int octets = SignificantOctets(width);
        if (source.Length < 1 + octets + Ipv4Address.Length)
            return false;
        Span<byte> network = stackalloc byte[Ipv4Address.Length];
        network.Clear();
        source.Slice(1, octets).CopyTo(network);
        route = new ClasslessRoute(new Ipv4Prefix(Ipv4Address.Read(network), width), Ipv4Address.Read(source[(1 + octets)..]));
        consumed = 1 + octets + Ipv4Address.Length;
        return true;
    }

    public override string ToString() => $"{Destination} via {Router}";
}
