namespace OnLan.Wire;

/// <summary>
/// The fields of an unfragmented IPv4 header without options, held by value (see <see cref="Ipv4Packet"/> for the
/// layout). <see cref="PayloadLength"/> is what follows the 20-byte header.
/// </summary>
/// <remarks>
/// Only whole datagrams are built here: MF and the fragment offset are always emitted as zero, and options are
/// dropped by <see cref="Parse"/>.
/// </remarks>
public readonly record struct Ipv4Repr(Ipv4Address Source, Ipv4Address Destination, IpProtocol Protocol, int PayloadLength)
{
    public const int HeaderLength = Ipv4Packet.MinHeaderLength;

    /// <summary>Linux's default (net.ipv4.ip_default_ttl) and RFC 1700's recommendation.</summary>
    public byte TimeToLive { get; init; } = 64;
    public ushort Identification { get; init; }
    public bool DontFragment { get; init; }
    public byte TypeOfService { get; init; }

    /// <summary>Header plus payload.</summary>
    public int TotalLength => HeaderLength + PayloadLength;

    /// <summary>Options are not kept: <see cref="PayloadLength"/> is what follows the whole header.</summary>
    public static Ipv4Repr Parse(in Ipv4Packet packet) =>
        new(packet.Source, packet.Destination, packet.Protocol, packet.TotalLength - packet.HeaderLength)
        {
            TimeToLive = packet.TimeToLive,
            Identification = packet.Identification,
            DontFragment = packet.DontFragment,
            TypeOfService = packet.TypeOfService,
        };

    /// <summary>
    /// Writes the 20-byte header, checksum included, at the start of <paramref name="buffer"/>; the payload is not
    /// touched. A total length above 65535 is a caller bug and throws <see cref="OverflowException"/>.
    /// </summary>
    public void Emit(Span<byte> buffer) => Ipv4Packet.WriteHeader(
        buffer, TypeOfService, TotalLength, Identification, DontFragment, TimeToLive, Protocol, Source, Destination);
}
