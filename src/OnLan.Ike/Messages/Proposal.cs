using System.Buffers.Binary;

namespace OnLan.Ike.Messages;

/// <summary>
/// A proposal substructure, RFC 7296 §3.3.1.
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Last Substruc |   RESERVED    |         Proposal Length       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Proposal Num  |  Protocol ID  |    SPI Size   |Num  Transforms|
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                        SPI (variable)                         ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                        <Transforms>                           ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Last Substruc is 0 on the last proposal of an SA payload and 2 otherwise; the writer sets it. The SPI size is
/// whatever was received (0 in IKE_SA_INIT, 8 when rekeying an IKE SA, 4 for ESP/AH): the selector judges it.
/// </summary>
public sealed record Proposal(byte Number, ProtocolId Protocol, byte[] Spi, IReadOnlyList<Transform> Transforms)
{
    /// <summary>Proposal Length without SPI and transforms.</summary>
    public const int HeaderSize = 8;

    internal const byte LastSubstructure = 0;
    internal const byte MoreSubstructures = 2;

    private const int LastSubstructureOffset = 0;
    private const int LengthOffset = 2;
    private const int NumberOffset = 4;
    private const int ProtocolOffset = 5;
    private const int SpiSizeOffset = 6;
    private const int TransformCountOffset = 7;

    /// <summary>Bytes this proposal takes on the wire, header and transforms included.</summary>
    public int Length
    {
        get
        {
            int length = HeaderSize + Spi.Length;
            foreach (Transform transform in Transforms) length += transform.Length;
            return length;
        }
    }

    internal void WriteTo(Span<byte> destination, bool last)
    {
        int length = Length;
        destination[LastSubstructureOffset] = last ? LastSubstructure : MoreSubstructures;
        destination[LastSubstructureOffset + 1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[LengthOffset..], (ushort)length);
        destination[NumberOffset] = Number;
        destination[ProtocolOffset] = (byte)Protocol;
        destination[SpiSizeOffset] = (byte)Spi.Length;
        destination[TransformCountOffset] = (byte)Transforms.Count;
        Spi.CopyTo(destination[HeaderSize..]);
        int offset = HeaderSize + Spi.Length;
        for (int i = 0; i < Transforms.Count; i++)
        {
            Transforms[i].WriteTo(destination[offset..], last: i == Transforms.Count - 1);
            offset += Transforms[i].Length;
        }
    }

    /// <summary>
    /// Reads one proposal from the start of <paramref name="source"/> (the rest of its SA payload). The transforms
    /// must fill Proposal Length exactly, number Num Transforms, and only the last may say Last Substruc 0.
    /// </summary>
    internal static IkeError TryRead(ReadOnlySpan<byte> source, out Proposal? proposal, out int length, out bool last)
    {
        proposal = null;
        length = 0;
        last = false;
        if (source.Length < HeaderSize) return IkeError.BadLength;
        byte lastSubstructure = source[LastSubstructureOffset];
        if (lastSubstructure != LastSubstructure && lastSubstructure != MoreSubstructures) return IkeError.InvalidSyntax;
        length = BinaryPrimitives.ReadUInt16BigEndian(source[LengthOffset..]);
        int spiSize = source[SpiSizeOffset];
        if (length < HeaderSize + spiSize || length > source.Length) return IkeError.BadLength;
        last = lastSubstructure == LastSubstructure;

        int transformCount = source[TransformCountOffset];
        var transforms = new List<Transform>(transformCount);
        ReadOnlySpan<byte> rest = source[(HeaderSize + spiSize)..length];
        bool sawLast = transformCount == 0;
        while (!rest.IsEmpty)
        {
            // A transform after the one marked last, or more than announced: the count and the markers disagree.
            if (sawLast) return IkeError.InvalidSyntax;
            IkeError error = Transform.TryRead(rest, out Transform? transform, out int transformLength, out bool lastTransform);
            if (error != IkeError.None) return error;
            transforms.Add(transform!);
            sawLast = lastTransform;
            if (lastTransform != (transforms.Count == transformCount)) return IkeError.InvalidSyntax;
            rest = rest[transformLength..];
        }
        if (transforms.Count != transformCount) return IkeError.InvalidSyntax;

        proposal = new Proposal(
            source[NumberOffset], (ProtocolId)source[ProtocolOffset],
            source.Slice(HeaderSize, spiSize).ToArray(), transforms);
        return IkeError.None;
    }
}
