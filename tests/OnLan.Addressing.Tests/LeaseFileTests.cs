using System.Text;
using OnLan.Wire;
using static OnLan.Addressing.Tests.Net;

namespace OnLan.Addressing.Tests;

public class LeaseFileTests
{
    private static readonly LeaseFile Sample = new(
        Sequence: 42,
        Leases: [new LeaseFile.Lease(Lan(10), "CN=alice, O=Bäckerei", T0, T0 + Hour)],
        Holds: [new LeaseFile.Hold(Lan(11), "bob@example.com", T0.AddSeconds(60))],
        Bindings:
        [
            new LeaseFile.Binding(Lan(10), "CN=alice, O=Bäckerei", T0),
            new LeaseFile.Binding(Lan(12), "100%\nsure\t", T0.AddTicks(1)),
            new LeaseFile.Binding(Lan(13), "never", DateTimeOffset.MaxValue),
        ]);

    [Fact]
    public void Round_trip_keeps_every_field_and_escapes_identities()
    {
        var bytes = Sample.ToBytes();

        Assert.True(LeaseFile.TryParse(bytes, out var parsed, out var error), error);
        Assert.Equal(Sample.Sequence, parsed!.Sequence);
        Assert.Equal(Sample.Leases, parsed.Leases);
        Assert.Equal(Sample.Holds, parsed.Holds);
        Assert.Equal(Sample.Bindings, parsed.Bindings);
        var text = Encoding.ASCII.GetString(bytes);
        Assert.StartsWith("onlan-leases 1 42\nlease 192.168.1.10 2025-03-01T12:00:00.0000000Z 2025-03-01T13:00:00.0000000Z CN=alice,%20O=B%C3%A4ckerei\n", text);
        Assert.Contains("binding 192.168.1.12 2025-03-01T12:00:00.0000001Z 100%25%0Asure%09\n", text);
        Assert.Matches("\nsha256 [0-9a-f]{64}\n$", text);
    }

    [Fact]
    public void Every_truncation_is_refused()
    {
        var bytes = Sample.ToBytes();
        for (int length = 0; length < bytes.Length; length++)
            Assert.False(LeaseFile.TryParse(bytes.AsSpan(0, length), out _, out _), $"accepted the first {length} of {bytes.Length} bytes");
    }

    [Fact]
    public void Every_flipped_bit_is_refused()
    {
        var bytes = Sample.ToBytes();
        for (int i = 0; i < bytes.Length; i++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                var damaged = (byte[])bytes.Clone();
                damaged[i] ^= (byte)(1 << bit);
                Assert.False(LeaseFile.TryParse(damaged, out _, out _), $"accepted bit {bit} of byte {i} flipped");
            }
        }
    }

    [Fact]
    public void Extra_bytes_after_the_checksum_are_refused()
    {
        byte[] bytes = [.. Sample.ToBytes(), .. "lease 192.168.1.20 x y z\n"u8];
        Assert.False(LeaseFile.TryParse(bytes, out _, out _));
    }

    [Theory]
    [InlineData("onlan-leases 2 1\n", "format version")]
    [InlineData("onlan-leases 1 -1\n", "sequence")]
    [InlineData("onlan-leases 1 1\nlease 192.168.1.10 2025-03-01T12:00:00.0000000Z 2025-03-01T13:00:00.0000000Z a\nhold 192.168.1.10 2025-03-01T12:00:00.0000000Z b\n", "twice")]
    [InlineData("onlan-leases 1 1\nbinding 192.168.1.10 2025-03-01T12:00:00.0000000Z a\nbinding 192.168.1.11 2025-03-01T12:00:00.0000000Z a\n", "twice")]
    [InlineData("onlan-leases 1 1\nhold 192.168.1.300 2025-03-01T12:00:00.0000000Z a\n", "not an IPv4")]
    [InlineData("onlan-leases 1 1\nhold 192.168.1.3 yesterday a\n", "not a time")]
    [InlineData("onlan-leases 1 1\nhold 192.168.1.3 2025-03-01T12:00:00.0000000Z a%2\n", "escaped")]
    [InlineData("onlan-leases 1 1\nhold 192.168.1.3 2025-03-01T12:00:00.0000000Z %FF\n", "escaped")]
    [InlineData("onlan-leases 1 1\nlease 192.168.1.3\n", "line 2")]
    public void Well_sealed_but_wrong_content_is_refused_with_a_reason(string body, string reason)
    {
        // Sealed with a correct checksum, so only the content check can refuse it.
        var bodyBytes = Encoding.ASCII.GetBytes(body);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bodyBytes));
        byte[] bytes = [.. bodyBytes, .. Encoding.ASCII.GetBytes($"sha256 {hash}\n")];

        Assert.False(LeaseFile.TryParse(bytes, out var file, out var error));
        Assert.Null(file);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Empty_state_round_trips()
    {
        Assert.True(LeaseFile.TryParse(LeaseFile.Empty.ToBytes(), out var parsed, out _));
        Assert.Empty(parsed!.Leases);
        Assert.Equal(0, parsed.Sequence);
    }
}
