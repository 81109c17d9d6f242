using System.Buffers.Binary;
using OnLan.Wire;

namespace OnLan.Ike.Messages;

/// <summary>
/// One traffic selector, RFC 7296 §3.13.1.
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   TS Type     |IP Protocol ID*|       Selector Length         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Start Port*         |           End Port*           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                         Starting Address*                     ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                         Ending Address*                       ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// TS_IPV4_ADDR_RANGE (7) carries 4-byte addresses (Selector Length 16), TS_IPV6_ADDR_RANGE (8) 16-byte ones
/// (Selector Length 40). Other TS types (e.g. RFC 9478 security labels) are not understood: the parser refuses
/// them with InvalidSyntax. IP protocol 0 and ports 0..65535 mean "any".
/// </summary>
public sealed record TrafficSelector(
    TrafficSelectorType TsType, byte IpProtocol, ushort StartPort, ushort EndPort, byte[] StartAddress, byte[] EndAddress)
{
    /// <summary>TS Type through End Port.</summary>
    public const int FixedSize = 8;
    public const int Ipv4Length = FixedSize + 2 * Ipv4Address.Length;
    public const int Ipv6Length = FixedSize + 2 * 16;

    private const int TsTypeOffset = 0;
    private const int IpProtocolOffset = 1;
    private const int LengthOffset = 2;
    private const int StartPortOffset = 4;
    private const int EndPortOffset = 6;

    /// <summary>An IPv4 range selector; by default any protocol and any port.</summary>
    public static TrafficSelector Ipv4(Ipv4Address start, Ipv4Address end, byte protocol = 0, ushort startPort = 0, ushort endPort = 65535)
    {
        var startBytes = new byte[Ipv4Address.Length];
        var endBytes = new byte[Ipv4Address.Length];
        start.WriteTo(startBytes);
        end.WriteTo(endBytes);
        return new TrafficSelector(TrafficSelectorType.Ipv4AddressRange, protocol, startPort, endPort, startBytes, endBytes);
    }

    /// <summary>TS type 7 with 4-byte addresses (always so for a parsed selector of type 7).</summary>
    public bool IsIpv4 =>
        TsType == TrafficSelectorType.Ipv4AddressRange
        && StartAddress.Length == Ipv4Address.Length && EndAddress.Length == Ipv4Address.Length;

    /// <summary>The starting address when <see cref="IsIpv4"/>; 0.0.0.0 otherwise (never throws).</summary>
    public Ipv4Address Ipv4Start => IsIpv4 ? Ipv4Address.Read(StartAddress) : Ipv4Address.Any;

    /// <summary>The ending address when <see cref="IsIpv4"/>; 0.0.0.0 otherwise (never throws).</summary>
    public Ipv4Address Ipv4End => IsIpv4 ? Ipv4Address.Read(EndAddress) : Ipv4Address.Any;

    /// <summary>Selector Length: bytes on the wire.</summary>
    public int Length => FixedSize + StartAddress.Length + EndAddress.Length;

    internal void WriteTo(Span<byte> destination)
    {
        destination[TsTypeOffset] = (byte)TsType;
        destination[IpProtocolOffset] = IpProtocol;
        BinaryPrimitives.WriteUInt16BigEndian(destination[LengthOffset..], (ushort)Length);
        BinaryPrimitives.WriteUInt16BigEndian(destination[StartPortOffset..], StartPort);
        BinaryPrimitives.WriteUInt16BigEndian(destination[EndPortOffset..], EndPort);
        StartAddress.CopyTo(destination[FixedSize..]);
        EndAddress.CopyTo(destination[(FixedSize + StartAddress.Length)..]);
    }

    /// <summary>Reads one selector from the start of <paramref name="source"/>; <paramref name="length"/> is its Selector Length.</summary>
    internal static IkeError TryRead(ReadOnlySpan<byte> source, out TrafficSelector? selector, out int length)
    {
        selector = null;
        length = 0;
        if (source.Length < FixedSize) return IkeError.BadLength;
        length = BinaryPrimitives.ReadUInt16BigEndian(source[LengthOffset..]);
        if (length < FixedSize || length > source.Length) return IkeError.BadLength;
        var type = (TrafficSelectorType)source[TsTypeOffset];
        int expected = type switch
        {
            TrafficSelectorType.Ipv4AddressRange => Ipv4Length,
            TrafficSelectorType.Ipv6AddressRange => Ipv6Length,
            _ => 0,
        };
        if (expected == 0 || length != expected) return IkeError.InvalidSyntax;
        int addressSize = (length - FixedSize) / 2;
        selector = new TrafficSelector(
            type, source[IpProtocolOffset],
            BinaryPrimitives.ReadUInt16BigEndian(source[StartPortOffset..]),
            BinaryPrimitives.ReadUInt16BigEndian(source[EndPortOffset..]),
            source.Slice(FixedSize, addressSize).ToArray(),
            source.Slice(FixedSize + addressSize, addressSize).ToArray());
        return IkeError.None;
    }
}
