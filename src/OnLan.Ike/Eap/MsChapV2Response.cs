using System.Buffers.Binary;

namespace OnLan.Ike.Eap;

/// <summary>
/// A checked, zero-copy view of EAP-MSCHAPv2 Response type data (draft-kamath-pppext-eap-mschapv2-02 §2.2,
/// RFC 2759 §4): what the server verifies.
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |    OpCode=2   |  MS-CHAPv2-ID |           MS-Length           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Value-Size=49 | Peer-Challenge (16) | Reserved (8, zero) | NT-Response (24) | Flags (1) | Name ...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct MsChapV2Response
{
    public const byte ValueSize = 49;
    private const int PeerChallengeOffset = MsChapV2Challenge.ValueSizeOffset + 1;
    private const int ReservedLength = 8;
    private const int NtResponseOffset = PeerChallengeOffset + MsChapV2.ChallengeLength + ReservedLength;
    private const int FlagsOffset = NtResponseOffset + MsChapV2.NtResponseLength;
    private const int NameOffset = FlagsOffset + 1;
    /// <summary>Everything before Name.</summary>
    public const int FixedLength = NameOffset;

    private readonly ReadOnlySpan<byte> _typeData;

    private MsChapV2Response(ReadOnlySpan<byte> typeData) => _typeData = typeData;

    public byte MsChapV2Id => _typeData[MsChapV2Challenge.MsChapV2IdOffset];
    public ReadOnlySpan<byte> PeerChallenge => _typeData.Slice(PeerChallengeOffset, MsChapV2.ChallengeLength);
    public ReadOnlySpan<byte> NtResponse => _typeData.Slice(NtResponseOffset, MsChapV2.NtResponseLength);
    public byte Flags => _typeData[FlagsOffset];
    /// <summary>The user name as sent, possibly "DOMAIN\user" (RFC 2759 §4).</summary>
    public ReadOnlySpan<byte> Name => _typeData[NameOffset..];

    /// <summary><paramref name="typeData"/> is <see cref="EapPacket.TypeData"/> of an MSCHAPv2 Response.</summary>
    public static EapParseError TryParse(ReadOnlySpan<byte> typeData, out MsChapV2Response response)
    {
        response = default;
        if (typeData.Length < FixedLength)
            return EapParseError.Truncated;
        if (typeData[0] != (byte)MsChapV2OpCode.Response)
            return EapParseError.WrongOpCode;
        if (BinaryPrimitives.ReadUInt16BigEndian(typeData[MsChapV2Challenge.MsLengthOffset..]) != typeData.Length
            || typeData[MsChapV2Challenge.ValueSizeOffset] != ValueSize)
            return EapParseError.BadMsChapV2Length;
        response = new MsChapV2Response(typeData);
        return EapParseError.None;
    }

    /// <summary>Writes a Response/MSCHAPv2 Response packet: what a peer (or a test peer) sends.</summary>
    public static byte[] Write(byte identifier, byte msChapV2Id, ReadOnlySpan<byte> peerChallenge, ReadOnlySpan<byte> ntResponse, ReadOnlySpan<byte> name)
    {
        var typeData = new byte[FixedLength + name.Length];
        typeData[0] = (byte)MsChapV2OpCode.Response;
        typeData[MsChapV2Challenge.MsChapV2IdOffset] = msChapV2Id;
        BinaryPrimitives.WriteUInt16BigEndian(typeData.AsSpan(MsChapV2Challenge.MsLengthOffset), (ushort)typeData.Length);
        typeData[MsChapV2Challenge.ValueSizeOffset] = ValueSize;
        peerChallenge[..MsChapV2.ChallengeLength].CopyTo(typeData.AsSpan(PeerChallengeOffset));
        ntResponse[..MsChapV2.NtResponseLength].CopyTo(typeData.AsSpan(NtResponseOffset));
        name.CopyTo(typeData.AsSpan(NameOffset));
        return EapPacket.WriteTyped(EapCode.Response, identifier, EapType.MsChapV2, typeData);
    }
}
