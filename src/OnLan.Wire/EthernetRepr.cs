using System.Buffers.Binary;

namespace OnLan.Wire;

/// <summary>The fields of an Ethernet II header, held by value (see <see cref="EthernetFrame"/> for the layout).</summary>
public readonly record struct EthernetRepr(MacAddress Destination, MacAddress Source, EtherType EtherType)
{
    public const int HeaderLength = EthernetFrame.HeaderLength;

    public static EthernetRepr Parse(in EthernetFrame frame) => new(frame.Destination, frame.Source, frame.EtherType);

    /// <summary>Writes the 14-byte header at the start of <paramref name="buffer"/>; the payload is not touched.</summary>
    public void Emit(Span<byte> buffer)
    {
        Destination.WriteTo(buffer);
        Source.WriteTo(buffer[MacAddress.Length..]);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[(2 * MacAddress.Length)..], (ushort)EtherType);
    }
}
