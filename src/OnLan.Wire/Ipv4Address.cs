using System.Buffers.Binary;

namespace OnLan.Wire;

/// <summary>An IPv4 address held by value as its 32-bit big-endian number (a.b.c.d = a&lt;&lt;24 | … | d).</summary>
public readonly record struct Ipv4Address : IComparable<Ipv4Address>
{
    public const int Length = 4;

    public uint Value { get; }

    public Ipv4Address(uint value) => Value = value;
    public Ipv4Address(byte a, byte b, byte c, byte d) => Value = (uint)(a << 24 | b << 16 | c << 8 | d);

    public static Ipv4Address Any { get; } = default;
    public static Ipv4Address Broadcast { get; } = new(0xFFFF_FFFFu);

    public bool IsAny => Value == 0;
    public bool IsBroadcast => Value == 0xFFFF_FFFFu;
    /// <summary>224.0.0.0/4.</summary>
    public bool IsMulticast => (Value & 0xF000_0000u) == 0xE000_0000u;
    /// <summary>240.0.0.0/4 ("class E"), excluding the limited broadcast address.</summary>
    public bool IsReserved => (Value >> 28) == 0xF && !IsBroadcast;
    /// <summary>127.0.0.0/8.</summary>
    public bool IsLoopback => (Value >> 24) == 127;

    /// <summary>Reads four octets; the caller guarantees <paramref name="source"/> holds at least <see cref="Length"/>.</summary>
    public static Ipv4Address Read(ReadOnlySpan<byte> source) => new(BinaryPrimitives.ReadUInt32BigEndian(source));

    public void WriteTo(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, Value);

    /// <summary>Parses dotted-quad text strictly: four decimal octets 0-255, no leading '+', no spaces.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Ipv4Address address)
    {
        address = default;
        uint value = 0;
        int octets = 0, i = 0;
        while (octets < 4)
        {
            int start = i, octet = 0;
            while (i < text.Length && text[i] >= '0' && text[i] <= '9' && i - start < 3)
                octet = octet * 10 + (text[i++] - '0');
            if (i == start || octet > 255) return false;
            if (i - start > 1 && text[start] == '0') return false; // "01" is ambiguous (octal in some parsers)
            value = (value << 8) | (uint)octet;
            octets++;
            if (octets < 4)
            {
                if (i >= text.Length || text[i] != '.') return false;
                i++;
            }
        }
        if (i != text.Length) return false;
        address = new Ipv4Address(value);
        return true;
    }

    public static Ipv4Address Parse(string text) =>
        TryParse(text, out var address) ? address : throw new FormatException($"'{text}' is not an IPv4 address");

    public int CompareTo(Ipv4Address other) => Value.CompareTo(other.Value);

    public override string ToString() => $"{Value >> 24}.{(Value >> 16) & 0xFF}.{(Value >> 8) & 0xFF}.{Value & 0xFF}";
}
