using System.Buffers.Binary;

namespace OnLan.Ike.Eap;

/// <summary>
/// A checked, zero-copy view of EAP-TLS type data (RFC 5216 §3.1), and its writer.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Code      |   Identifier  |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 13   |L M S R R R R R|    TLS Message Length (if L)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     TLS Message Length        |       TLS Data ...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Contract: once <see cref="TryParse"/> returns <see cref="EapParseError.None"/>, no accessor throws. Whether the
/// flags make sense where they appear (S from a peer, L on a later fragment) is the state machine's business.
/// </summary>
public readonly ref struct EapTlsMessage
{
    private const int FlagsOffset = 0;
    private const int MessageLengthOffset = 1;
    private const int MessageLengthLength = 4;

    /// <summary>Type data ahead of the TLS data when L is set: Flags and TLS Message Length.</summary>
    public const int LongHeaderLength = 1 + MessageLengthLength;

    private readonly ReadOnlySpan<byte> _typeData;

    private EapTlsMessage(ReadOnlySpan<byte> typeData) => _typeData = typeData;

    public EapTlsFlags Flags => (EapTlsFlags)_typeData[FlagsOffset];

    public bool HasMessageLength => (Flags & EapTlsFlags.LengthIncluded) != 0;

    public bool HasMoreFragments => (Flags & EapTlsFlags.MoreFragments) != 0;

    public bool IsStart => (Flags & EapTlsFlags.Start) != 0;

    /// <summary>The TLS Message Length field; meaningful only when <see cref="HasMessageLength"/>.</summary>
    public uint MessageLength => HasMessageLength ? BinaryPrimitives.ReadUInt32BigEndian(_typeData[MessageLengthOffset..]) : 0;

    /// <summary>This fragment's TLS data; empty in an acknowledgement and in the Start request.</summary>
    public ReadOnlySpan<byte> Data => _typeData[(HasMessageLength ? LongHeaderLength : 1)..];

    /// <summary><paramref name="typeData"/> is <see cref="EapPacket.TypeData"/> of an EAP-TLS Request or Response.</summary>
    public static EapParseError TryParse(ReadOnlySpan<byte> typeData, out EapTlsMessage message)
    {
        message = default;
        if (typeData.Length < 1)
            return EapParseError.BadEapTlsHeader;
        if (((EapTlsFlags)typeData[FlagsOffset] & EapTlsFlags.LengthIncluded) != 0 && typeData.Length < LongHeaderLength)
            return EapParseError.BadEapTlsHeader;
        message = new EapTlsMessage(typeData);
        return EapParseError.None;
    }

    /// <summary>
    /// An EAP-TLS Request or Response carrying <paramref name="data"/>; with <paramref name="messageLength"/> the L
    /// flag is set and the field written.
    /// </summary>
    public static byte[] Write(EapCode code, byte identifier, EapTlsFlags flags, uint? messageLength, ReadOnlySpan<byte> data)
    {
        int headerLength = messageLength is null ? 1 : LongHeaderLength;
        var typeData = new byte[headerLength + data.Length];
        typeData[FlagsOffset] = (byte)(messageLength is null ? flags & ~EapTlsFlags.LengthIncluded : flags | EapTlsFlags.LengthIncluded);
        if (messageLength is { } length)
            BinaryPrimitives.WriteUInt32BigEndian(typeData.AsSpan(MessageLengthOffset), length);
        data.CopyTo(typeData.AsSpan(headerLength));
        return EapPacket.WriteTyped(code, identifier, EapType.Tls, typeData);
    }
}
