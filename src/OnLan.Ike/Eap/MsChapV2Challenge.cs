using System.Buffers.Binary;

namespace OnLan.Ike.Eap;

/// <summary>
/// A checked, zero-copy view of EAP-MSCHAPv2 Challenge type data (draft-kamath-pppext-eap-mschapv2-02 §2.1), what a
/// peer reads; the server writes it with <see cref="EapPacket.WriteMsChapV2Challenge"/>.
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |    OpCode=1   |  MS-CHAPv2-ID |           MS-Length           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Value-Size=16 |  Challenge (16 octets) ...  |  Name ...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct MsChapV2Challenge
{
    internal const int MsChapV2IdOffset = 1;
    internal const int MsLengthOffset = 2;
    internal const int ValueSizeOffset = 4;
    private const int ChallengeOffset = 5;
    private const int NameOffset = ChallengeOffset + MsChapV2.ChallengeLength;
    /// <summary>Everything before Name.</summary>
    public const int FixedLength = NameOffset;

    private readonly ReadOnlySpan<byte> _typeData;

    private MsChapV2Challenge(ReadOnlySpan<byte> typeData) => _typeData = typeData;

    public byte MsChapV2Id => _typeData[MsChapV2IdOffset];
    public ReadOnlySpan<byte> AuthenticatorChallenge => _typeData.Slice(ChallengeOffset, MsChapV2.ChallengeLength);
    public ReadOnlySpan<byte> Name => _typeData[NameOffset..];

    /// <summary><paramref name="typeData"/> is <see cref="EapPacket.TypeData"/> of an MSCHAPv2 Request.</summary>
    public static EapParseError TryParse(ReadOnlySpan<byte> typeData, out MsChapV2Challenge challenge)
    {
        challenge = default;
        if (typeData.Length < FixedLength)
            return EapParseError.Truncated;
        if (typeData[0] != (byte)MsChapV2OpCode.Challenge)
            return EapParseError.WrongOpCode;
        if (BinaryPrimitives.ReadUInt16BigEndian(typeData[MsLengthOffset..]) != typeData.Length
            || typeData[ValueSizeOffset] != MsChapV2.ChallengeLength)
            return EapParseError.BadMsChapV2Length;
        challenge = new MsChapV2Challenge(typeData);
        return EapParseError.None;
    }
}
