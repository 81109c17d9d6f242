using System.Buffers.Binary;

namespace OnLan.Routing.Nat;

/// <summary>
/// RFC 1624 incremental checksum updates: NAT changes a few 16-bit words, so each checksum that covers them moves by
/// the same one's-complement difference instead of being recomputed over the whole packet (which would also
/// silently "repair" a packet corrupted in transit).
/// </summary>
/// <remarks>
/// A difference is built with <see cref="Word"/> and <see cref="Address"/> and may be summed (unfolded) before it is
/// applied: HC' = ~(~HC + Σ(~m + m')), RFC 1624 eqn. 3. Every word we change sits at an even offset from the start
/// of the checksummed data, as the eqn. requires.
/// </remarks>
internal static class IncrementalChecksum
{
    /// <summary>The difference for one 16-bit word changing from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public static uint Word(ushort before, ushort after) => (uint)(ushort)~before + after;

    /// <summary>The difference for an IPv4 address (two words) changing.</summary>
    public static uint Address(uint before, uint after) =>
        Word((ushort)(before >> 16), (ushort)(after >> 16)) + Word((ushort)before, (ushort)after);

    /// <summary>Applies <paramref name="difference"/> to the big-endian checksum at the start of <paramref name="field"/>.</summary>
    public static void Apply(Span<byte> field, uint difference) =>
        BinaryPrimitives.WriteUInt16BigEndian(field, Adjust(BinaryPrimitives.ReadUInt16BigEndian(field), difference));

    /// <summary>
    /// As <see cref="Apply"/> for a UDP checksum: 0 means "none" and stays 0; a result of 0 is written as 0xFFFF
    /// (RFC 768), the same value in one's complement.
    /// </summary>
    public static void ApplyUdp(Span<byte> field, uint difference)
    {
        ushort checksum = BinaryPrimitives.ReadUInt16BigEndian(field);
        if (checksum == 0) return;
        checksum = Adjust(checksum, difference);
        BinaryPrimitives.WriteUInt16BigEndian(field, checksum == 0 ? (ushort)0xFFFF : checksum);
    }

    private static ushort Adjust(ushort checksum, uint difference)
    {
        uint sum = (uint)(ushort)~checksum + difference;
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }
}
