using System.Buffers.Binary;

namespace OnLan.Wire;

/// <summary>
/// A view over an IPv4 packet (RFC 791 §3.1).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |Version|  IHL  |Type of Service|          Total Length         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Identification        |Flags|      Fragment Offset    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Time to Live |    Protocol   |         Header Checksum       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       Source Address                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                    Destination Address                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                    Options                    |    Padding    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///
/// Flags: bit 0 reserved, bit 1 DF (don't fragment), bit 2 MF (more fragments);
/// Fragment Offset counts 8-byte units.
/// </code>
/// </summary>
/// <remarks>
/// The view covers exactly Total Length bytes: Ethernet padding after it is outside <see cref="Packet"/>.
/// Header and total length are fixed when the view is built, so writes into the buffer afterwards cannot make
/// <see cref="Header"/> or <see cref="Payload"/> throw. Setters do not update the checksum: change what you need,
/// then call <see cref="FillChecksum"/> once.
/// </remarks>
public readonly ref struct Ipv4Packet
{
    public const int MinHeaderLength = 20;
    public const int Version = 4;

    private const int VersionAndIhlOffset = 0;
    private const int TypeOfServiceOffset = 1;
    private const int TotalLengthOffset = 2;
    private const int IdentificationOffset = 4;
    private const int FlagsAndFragmentOffsetOffset = 6;
    private const int TimeToLiveOffset = 8;
    private const int ProtocolOffset = 9;
    private const int HeaderChecksumOffset = 10;
    private const int SourceOffset = 12;
    private const int DestinationOffset = 16;

    internal const ushort DontFragmentFlag = 0x4000;
    private const ushort MoreFragmentsFlag = 0x2000;
    private const ushort FragmentOffsetMask = 0x1FFF;
    private const int FragmentOffsetUnit = 8;

    private readonly Span<byte> _packet;
    private readonly int _headerLength;

    private Ipv4Packet(Span<byte> packet, int headerLength)
    {
        _packet = packet;
        _headerLength = headerLength;
    }

    /// <summary>
    /// Checks <paramref name="buffer"/> (usually the Ethernet payload) and builds a view over the packet in it, in
    /// this order: fewer than 20 bytes → <see cref="WireError.Truncated"/>; version not 4 →
    /// <see cref="WireError.BadVersion"/>; IHL below 5 → <see cref="WireError.BadHeaderLength"/>; header longer than
    /// the buffer → <see cref="WireError.Truncated"/>; total length shorter than the header →
    /// <see cref="WireError.BadTotalLength"/>; total length longer than the buffer → <see cref="WireError.Truncated"/>;
    /// header checksum wrong → <see cref="WireError.BadChecksum"/>.
    /// </summary>
    public static WireError TryParse(Span<byte> buffer, out Ipv4Packet packet)
    {
        packet = default;
        if (buffer.Length < MinHeaderLength)
            return WireError.Truncated;
        byte versionAndIhl = buffer[VersionAndIhlOffset];
        if (versionAndIhl >> 4 != Version)
            return WireError.BadVersion;
        int headerLength = (versionAndIhl & 0x0F) * 4;
        if (headerLength < MinHeaderLength)
            return WireError.BadHeaderLength;
        if (headerLength > buffer.Length)
            return WireError.Truncated;
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(buffer[TotalLengthOffset..]);
        if (totalLength < headerLength)
            return WireError.BadTotalLength;
        if (totalLength > buffer.Length)
            return WireError.Truncated;
        if (InternetChecksum.Compute(buffer[..headerLength]) != 0)
            return WireError.BadChecksum;
        packet = new Ipv4Packet(buffer[..totalLength], headerLength);
        return WireError.None;
    }

    /// <summary>Exactly <see cref="TotalLength"/> bytes: header and payload.</summary>
    public Span<byte> Packet => _packet;

    /// <summary>The header with its options.</summary>
    public Span<byte> Header => _packet[.._headerLength];

    /// <summary>Options and padding after the fixed 20 bytes; empty for most packets.</summary>
    public Span<byte> Options => _packet[MinHeaderLength.._headerLength];

    public Span<byte> Payload => _packet[_headerLength..];

    /// <summary>IHL × 4, in bytes.</summary>
    public int HeaderLength => _headerLength;

    public int TotalLength => _packet.Length;

    public byte TypeOfService => _packet[TypeOfServiceOffset];

    public ushort Identification => BinaryPrimitives.ReadUInt16BigEndian(_packet[IdentificationOffset..]);

    public bool DontFragment => (FlagsAndFragmentOffset & DontFragmentFlag) != 0;

    public bool MoreFragments => (FlagsAndFragmentOffset & MoreFragmentsFlag) != 0;

    /// <summary>In bytes (the field counts 8-byte units).</summary>
    public int FragmentOffset => (FlagsAndFragmentOffset & FragmentOffsetMask) * FragmentOffsetUnit;

    /// <summary>True for every piece of a fragmented datagram, the first one (MF, offset 0) included.</summary>
    public bool IsFragment => (FlagsAndFragmentOffset & (MoreFragmentsFlag | FragmentOffsetMask)) != 0;

    public byte TimeToLive
    {
        get => _packet[TimeToLiveOffset];
        set => _packet[TimeToLiveOffset] = value;
    }

    public IpProtocol Protocol => (IpProtocol)_packet[ProtocolOffset];

    public ushort HeaderChecksum => BinaryPrimitives.ReadUInt16BigEndian(_packet[HeaderChecksumOffset..]);

    public Ipv4Address Source
    {
        get => Ipv4Address.Read(_packet[SourceOffset..]);
        set => value.WriteTo(_packet[SourceOffset..]);
    }

    public Ipv4Address Destination
    {
        get => Ipv4Address.Read(_packet[DestinationOffset..]);
        set => value.WriteTo(_packet[DestinationOffset..]);
    }

    /// <summary>Recomputes the header checksum in place, after the setters (TTL, addresses) have changed the header.</summary>
    public void FillChecksum() => FillChecksum(Header);

    private ushort FlagsAndFragmentOffset => BinaryPrimitives.ReadUInt16BigEndian(_packet[FlagsAndFragmentOffsetOffset..]);

    /// <summary>Writes the checksum of <paramref name="header"/> into its checksum field.</summary>
    internal static void FillChecksum(Span<byte> header)
    {
        BinaryPrimitives.WriteUInt16BigEndian(header[HeaderChecksumOffset..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(header[HeaderChecksumOffset..], InternetChecksum.Compute(header));
    }

    /// <summary>Writes a 20-byte header without options; <see cref="Ipv4Repr.Emit"/> uses it.</summary>
    internal static void WriteHeader(
        Span<byte> header, byte typeOfService, int totalLength, ushort identification, bool dontFragment,
        byte timeToLive, IpProtocol protocol, Ipv4Address source, Ipv4Address destination)
    {
        header = header[..MinHeaderLength];
        header[VersionAndIhlOffset] = Version << 4 | MinHeaderLength / 4;
        header[TypeOfServiceOffset] = typeOfService;
        BinaryPrimitives.WriteUInt16BigEndian(header[TotalLengthOffset..], checked((ushort)totalLength));
        BinaryPrimitives.WriteUInt16BigEndian(header[IdentificationOffset..], identification);
        BinaryPrimitives.WriteUInt16BigEndian(header[FlagsAndFragmentOffsetOffset..], dontFragment ? DontFragmentFlag : (ushort)0);
        header[TimeToLiveOffset] = timeToLive;
        header[ProtocolOffset] = (byte)protocol;
        source.WriteTo(header[SourceOffset..]);
        destination.WriteTo(header[DestinationOffset..]);
        FillChecksum(header);
    }
}
