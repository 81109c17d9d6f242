using System.Buffers.Binary;
using System.Text;

namespace OnLan.Ike.Eap;

/// <summary>
/// A checked, zero-copy view of one EAP packet (RFC 3748 §4), and the writers for the packets an authenticator sends.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Code      |  Identifier   |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Type      |  Type-Data ...   (Request and Response only)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Contract: once <see cref="TryParse"/> returns <see cref="EapParseError.None"/>, no accessor throws. The view borrows
/// the caller's buffer; copy what must outlive it.
/// </summary>
public readonly ref struct EapPacket
{
    public const int HeaderLength = 4;
    private const int CodeOffset = 0;
    private const int IdentifierOffset = 1;
    private const int LengthOffset = 2;
    private const int TypeOffset = 4;
    private const int TypeDataOffset = 5;

    /// <summary>Only the first <see cref="Length"/> octets: RFC 3748 §4 makes octets beyond Length padding, to be ignored.</summary>
    private readonly ReadOnlySpan<byte> _bytes;

    private EapPacket(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    public EapCode Code => (EapCode)_bytes[CodeOffset];
    public byte Identifier => _bytes[IdentifierOffset];
    public ushort Length => (ushort)_bytes.Length;

    /// <summary>Whether a Type octet follows the header: true for Requests and Responses.</summary>
    public bool HasType => Code is EapCode.Request or EapCode.Response;

    /// <summary>The method type; meaningful only when <see cref="HasType"/>.</summary>
    public EapType Type => HasType ? (EapType)_bytes[TypeOffset] : 0;

    /// <summary>The octets after Type; empty for Success and Failure.</summary>
    public ReadOnlySpan<byte> TypeData => HasType ? _bytes[TypeDataOffset..] : default;

    /// <summary>The packet's octets up to its Length.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    public static EapParseError TryParse(ReadOnlySpan<byte> buffer, out EapPacket packet)
    {
        packet = default;
        if (buffer.Length < HeaderLength)
            return EapParseError.Truncated;
        int length = BinaryPrimitives.ReadUInt16BigEndian(buffer[LengthOffset..]);
        if (length < HeaderLength || length > buffer.Length)
            return EapParseError.BadLength;
        var code = (EapCode)buffer[CodeOffset];
        switch (code)
        {
            case EapCode.Request or EapCode.Response:
                if (length < TypeDataOffset)
                    return EapParseError.MissingType;
                break;
            case EapCode.Success or EapCode.Failure:
                if (length != HeaderLength)
                    return EapParseError.UnexpectedData;
                break;
            default:
                return EapParseError.UnknownCode;
        }
        packet = new EapPacket(buffer[..length]);
        return EapParseError.None;
    }

    /// <summary>EAP-Request/Identity with no displayable message (RFC 3748 §5.1).</summary>
    public static byte[] WriteIdentityRequest(byte identifier) =>
        WriteTyped(EapCode.Request, identifier, EapType.Identity, []);

    /// <summary>A Request or Response of <paramref name="type"/> carrying <paramref name="typeData"/>.</summary>
    public static byte[] WriteTyped(EapCode code, byte identifier, EapType type, ReadOnlySpan<byte> typeData)
    {
        var packet = new byte[TypeDataOffset + typeData.Length];
        WriteHeader(packet, code, identifier);
        packet[TypeOffset] = (byte)type;
        typeData.CopyTo(packet.AsSpan(TypeDataOffset));
        return packet;
    }

    /// <summary>
    /// Request/MSCHAPv2 Challenge (draft-kamath §2.1): OpCode, MS-CHAPv2-ID, MS-Length, Value-Size = 16, Challenge, Name.
    /// </summary>
    public static byte[] WriteMsChapV2Challenge(byte identifier, byte msChapV2Id, ReadOnlySpan<byte> authenticatorChallenge, string serverName)
    {
        int nameLength = Encoding.UTF8.GetByteCount(serverName);
        var packet = new byte[TypeDataOffset + MsChapV2Challenge.FixedLength + nameLength];
        WriteMsChapV2Header(packet, EapCode.Request, identifier, MsChapV2OpCode.Challenge, msChapV2Id);
        var body = packet.AsSpan(TypeDataOffset + MsChapV2Challenge.ValueSizeOffset);
        body[0] = MsChapV2.ChallengeLength;
        authenticatorChallenge[..MsChapV2.ChallengeLength].CopyTo(body[1..]);
        Encoding.UTF8.GetBytes(serverName, body[(1 + MsChapV2.ChallengeLength)..]);
        return packet;
    }

    /// <summary>
    /// Request/MSCHAPv2 Success (draft-kamath §2.3): OpCode, MS-CHAPv2-ID, MS-Length, then the text
    /// "S=&lt;authenticator response&gt; M=&lt;message&gt;" (RFC 2759 §5), without a terminating NUL.
    /// </summary>
    public static byte[] WriteMsChapV2Success(byte identifier, byte msChapV2Id, string authenticatorResponse, string message) =>
        WriteMsChapV2Text(EapCode.Request, identifier, MsChapV2OpCode.Success, msChapV2Id, $"{authenticatorResponse} M={message}");

    /// <summary>
    /// Request/MSCHAPv2 Failure (draft-kamath §2.4, RFC 2759 §6): "E=eeeeeeeeee R=r C=cccc… V=3 M=…". We write
    /// R=0 because this server never offers a retry; C= still carries a challenge since RFC 2759 makes it mandatory.
    /// </summary>
    public static byte[] WriteMsChapV2Failure(byte identifier, byte msChapV2Id, int errorCode, ReadOnlySpan<byte> nextChallenge, string message) =>
        WriteMsChapV2Text(EapCode.Request, identifier, MsChapV2OpCode.Failure, msChapV2Id,
            $"E={errorCode} R=0 C={Convert.ToHexString(nextChallenge)} V=3 M={message}");

    /// <summary>EAP-Success: its Identifier is the one of the Response it answers (RFC 3748 §4.2).</summary>
    public static byte[] WriteSuccess(byte identifier) => WriteCodeOnly(EapCode.Success, identifier);

    /// <summary>EAP-Failure: its Identifier is the one of the Response it answers (RFC 3748 §4.2).</summary>
    public static byte[] WriteFailure(byte identifier) => WriteCodeOnly(EapCode.Failure, identifier);

    private static byte[] WriteCodeOnly(EapCode code, byte identifier)
    {
        var packet = new byte[HeaderLength];
        WriteHeader(packet, code, identifier);
        return packet;
    }

    private static byte[] WriteMsChapV2Text(EapCode code, byte identifier, MsChapV2OpCode opCode, byte msChapV2Id, string text)
    {
        var packet = new byte[TypeDataOffset + MsChapV2Challenge.ValueSizeOffset + Encoding.ASCII.GetByteCount(text)];
        WriteMsChapV2Header(packet, code, identifier, opCode, msChapV2Id);
        Encoding.ASCII.GetBytes(text, packet.AsSpan(TypeDataOffset + MsChapV2Challenge.ValueSizeOffset));
        return packet;
    }

    // MS-Length counts from OpCode to the end: the EAP Length minus Code, Identifier, Length and Type (5 octets).
    private static void WriteMsChapV2Header(Span<byte> packet, EapCode code, byte identifier, MsChapV2OpCode opCode, byte msChapV2Id)
    {
        WriteHeader(packet, code, identifier);
        packet[TypeOffset] = (byte)EapType.MsChapV2;
        var typeData = packet[TypeDataOffset..];
        typeData[0] = (byte)opCode;
        typeData[1] = msChapV2Id;
        BinaryPrimitives.WriteUInt16BigEndian(typeData[2..], (ushort)typeData.Length);
    }

    private static void WriteHeader(Span<byte> packet, EapCode code, byte identifier)
    {
        packet[CodeOffset] = (byte)code;
        packet[IdentifierOffset] = identifier;
        BinaryPrimitives.WriteUInt16BigEndian(packet[LengthOffset..], (ushort)packet.Length);
    }
}
