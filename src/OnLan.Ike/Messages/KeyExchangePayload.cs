using System.Buffers.Binary;

namespace OnLan.Ike.Messages;

/// <summary>
/// Key Exchange payload (KE), RFC 7296 §3.4.
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Next Payload  |C|  RESERVED   |         Payload Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Diffie-Hellman Group Num    |           RESERVED            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                       Key Exchange Data                       ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Unknown group numbers are kept (the engine answers INVALID_KE_PAYLOAD); the data length is the group's to judge.
/// </summary>
public sealed record KeyExchangePayload(KeyExchangeGroup Group, byte[] Data) : IkePayload
{
    /// <summary>Group number and reserved field.</summary>
    public const int FixedSize = 4;

    public override PayloadType Type => PayloadType.KeyExchange;
    public override int BodyLength => FixedSize + Data.Length;

    public override void WriteBody(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)Group);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0);
        Data.CopyTo(destination[FixedSize..]);
    }

    /// <summary>Parses the body (the bytes after the generic header).</summary>
    public static IkeError TryParse(ReadOnlySpan<byte> body, out KeyExchangePayload? payload)
    {
        payload = null;
        if (body.Length < FixedSize) return IkeError.BadLength;
        payload = new KeyExchangePayload((KeyExchangeGroup)BinaryPrimitives.ReadUInt16BigEndian(body), body[FixedSize..].ToArray());
        return IkeError.None;
    }
}
