using System.Buffers.Binary;

namespace OnLan.Wire.Tests;

public class InternetChecksumTests
{
    /// <summary>The folded 16-bit one's-complement sum, from a partial sum.</summary>
    private static ushort Fold(uint sum) => (ushort)~InternetChecksum.Finish(sum);

    /// <summary>RFC 1071 §1 (3) done the slow obvious way: big-endian words, carries folded at the end.</summary>
    private static ushort NaiveChecksum(ReadOnlySpan<byte> data)
    {
        ulong sum = 0;
        for (int i = 0; i < data.Length; i += 2)
            sum += (uint)(data[i] << 8 | (i + 1 < data.Length ? data[i + 1] : 0));
        while (sum > 0xFFFF)
            sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    [Fact]
    public void Rfc_1071_worked_example_sums_to_ddf2()
    {
        // RFC 1071 §3: bytes 00 01 f2 03 f4 f5 f6 f7 → sum ddf2, checksum 220d.
        byte[] data = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];

        Assert.Equal(0xddf2, Fold(InternetChecksum.Sum(data)));
        Assert.Equal(0x220d, InternetChecksum.Compute(data));
    }

    [Fact]
    public void Checksum_matches_a_naive_reference_at_every_length_up_to_100()
    {
        var random = new Random(1071);
        for (int length = 0; length <= 100; length++)
        {
            for (int round = 0; round < 20; round++)
            {
                var data = new byte[length];
                random.NextBytes(data);
                Assert.Equal(NaiveChecksum(data), InternetChecksum.Compute(data));
            }
        }
    }

    [Fact]
    public void Checksum_matches_a_naive_reference_on_unaligned_slices()
    {
        var random = new Random(791);
        var data = new byte[200];
        random.NextBytes(data);
        for (int start = 0; start < 9; start++)
            for (int length = 0; length <= 100; length += 7)
                Assert.Equal(NaiveChecksum(data.AsSpan(start, length)), InternetChecksum.Compute(data.AsSpan(start, length)));
    }

    [Fact]
    public void Odd_length_data_is_padded_with_a_zero_byte()
    {
        Assert.Equal(0xAB00, Fold(InternetChecksum.Sum([0xAB])));
        Assert.Equal(0x0102 + 0x0300, Fold(InternetChecksum.Sum([0x01, 0x02, 0x03])));
    }

    [Fact]
    public void Sums_chain_across_even_split_points()
    {
        var random = new Random(768);
        var data = new byte[99];
        random.NextBytes(data);
        for (int split = 0; split < data.Length; split += 2)
        {
            uint chained = InternetChecksum.Sum(data.AsSpan(split), InternetChecksum.Sum(data.AsSpan(0, split)));
            Assert.Equal(InternetChecksum.Compute(data), InternetChecksum.Finish(chained));
        }
    }

    [Fact]
    public void Large_initial_sum_does_not_lose_a_carry()
    {
        byte[] data = [0xFF, 0xFF, 0xFF, 0xFF, 0x12, 0x34];
        uint initial = 0xFFFF_FFF0;
        // 0xFFFFFFF0 ≡ 0xFFF0 + 0xFFFF ≡ 0xFFF0 (mod 0xFFFF)
        Assert.Equal(NaiveChecksum([0xFF, 0xF0, .. data]), InternetChecksum.Finish(InternetChecksum.Sum(data, initial)));
    }

    [Fact]
    public void Sixty_four_kilobytes_of_ones_match_the_reference()
    {
        var data = new byte[65_536];
        data.AsSpan().Fill(0xFF);
        Assert.Equal(NaiveChecksum(data), InternetChecksum.Compute(data));
        data[^1] = 0x7F;
        Assert.Equal(NaiveChecksum(data), InternetChecksum.Compute(data));
    }

    [Fact]
    public void Captured_ipv4_header_with_its_checksum_computes_to_zero()
    {
        var header = CapturedFrames.EchoRequest.AsSpan(CapturedFrames.Ipv4Offset, Ipv4Packet.MinHeaderLength);
        Assert.Equal(0, InternetChecksum.Compute(header));
    }

    [Fact]
    public void Pseudo_header_sum_equals_the_sum_of_the_bytes_it_stands_for()
    {
        var source = new Ipv4Address(198, 18, 0, 1);
        var destination = new Ipv4Address(198, 19, 255, 254);
        var bytes = new byte[12];
        source.WriteTo(bytes);
        destination.WriteTo(bytes.AsSpan(4));
        bytes[9] = (byte)IpProtocol.Udp;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(10), 1234);

        Assert.Equal(
            Fold(InternetChecksum.Sum(bytes)),
            Fold(InternetChecksum.PseudoHeaderSum(source, destination, IpProtocol.Udp, 1234)));
    }
}
