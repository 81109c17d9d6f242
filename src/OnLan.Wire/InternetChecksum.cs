using System.Buffers.Binary;

namespace OnLan.Wire;

/// <summary>
/// The Internet checksum of RFC 1071: the one's complement of the one's-complement sum of 16-bit big-endian words.
/// </summary>
/// <remarks>
/// <see cref="Sum"/> returns an unfolded partial sum so that pieces (pseudo-header, header, payload) can be chained
/// without copying; only <see cref="Finish"/> folds and complements. Chain at even offsets: an odd-length piece is
/// padded with a zero byte, exactly as if it were the last one.
/// </remarks>
public static class InternetChecksum
{
    /// <summary>
    /// Adds <paramref name="data"/> as big-endian 16-bit words to <paramref name="initial"/>. The result is congruent
    /// to the true word sum modulo 0xFFFF, which is all one's-complement arithmetic needs.
    /// </summary>
    public static uint Sum(ReadOnlySpan<byte> data, uint initial = 0)
    {
        // RFC 1071 §2(B): the sum is byte-order independent, so add little-endian words (free on the hardware we run
        // on) and swap the two bytes of the folded result once. Each 8-byte read is split into two 32-bit halves so
        // the 64-bit accumulator never overflows (2^28 iterations of at most 2^33 fit easily), with no carry test.
        ulong acc = 0;
        while (data.Length >= 8)
        {
            ulong v = BinaryPrimitives.ReadUInt64LittleEndian(data);
            acc += (uint)v + (v >> 32);
            data = data[8..];
        }
        if (data.Length >= 4)
        {
            acc += BinaryPrimitives.ReadUInt32LittleEndian(data);
            data = data[4..];
        }
        if (data.Length >= 2)
        {
            acc += BinaryPrimitives.ReadUInt16LittleEndian(data);
            data = data[2..];
        }
        if (data.Length == 1)
            acc += data[0]; // the low byte of a little-endian word is the first byte: zero padding after it

        acc = (acc & 0xFFFF_FFFF) + (acc >> 32);
        acc = (acc & 0xFFFF_FFFF) + (acc >> 32);
        uint folded = (uint)acc;
        folded = (folded & 0xFFFF) + (folded >> 16);
        folded = (folded & 0xFFFF) + (folded >> 16);
        uint bigEndian = BinaryPrimitives.ReverseEndianness((ushort)folded);

        ulong total = (ulong)initial + bigEndian;
        return (uint)((total & 0xFFFF_FFFF) + (total >> 32));
    }

    /// <summary>Folds the carries of a partial sum and complements it: the value to store in a checksum field.</summary>
    public static ushort Finish(uint sum)
    {
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    /// <summary>The checksum of <paramref name="data"/>; a buffer whose checksum field is correct computes to 0.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => Finish(Sum(data));

    /// <summary>
    /// The partial sum of the RFC 768 / RFC 793 IPv4 pseudo-header: source, destination, zero, protocol and the
    /// transport length (header plus data).
    /// </summary>
    public static uint PseudoHeaderSum(Ipv4Address source, Ipv4Address destination, IpProtocol protocol, int length) =>
        (source.Value >> 16) + (source.Value & 0xFFFF)
        + (destination.Value >> 16) + (destination.Value & 0xFFFF)
        + (uint)protocol + (uint)(ushort)length;
}
