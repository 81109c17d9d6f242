using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace OnLan.Wire;

/// <summary>A 48-bit IEEE 802 MAC address, held by value (no allocation).</summary>
public readonly record struct MacAddress
{
    public const int Length = 6;

    // The six octets in transmission order, in the low 48 bits.
    private readonly ulong _value;

    private MacAddress(ulong value) => _value = value & 0xFFFF_FFFF_FFFFUL;

    public static MacAddress Broadcast { get; } = new(0xFFFF_FFFF_FFFFUL);
    public static MacAddress Zero { get; } = default;

    public bool IsBroadcast => _value == 0xFFFF_FFFF_FFFFUL;
    /// <summary>Group bit (I/G) of the first octet: multicast and broadcast.</summary>
    public bool IsMulticast => (_value & 0x0100_0000_0000UL) != 0;
    public bool IsZero => _value == 0;

    /// <summary>Reads six octets; the caller guarantees <paramref name="source"/> holds at least <see cref="Length"/>.</summary>
    public static MacAddress Read(ReadOnlySpan<byte> source) =>
        new(((ulong)BinaryPrimitives.ReadUInt16BigEndian(source) << 32) | BinaryPrimitives.ReadUInt32BigEndian(source[2..]));

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(_value >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)_value);
    }

    public static MacAddress FromUInt64(ulong value) => new(value);
    public ulong ToUInt64() => _value;

    /// <summary>Parses "aa:bb:cc:dd:ee:ff" (or '-' separated).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out MacAddress address)
    {
        address = default;
        if (text.Length != 17) return false;
        ulong value = 0;
        for (int i = 0; i < 6; i++)
        {
            int at = i * 3;
            if (i > 0 && text[at - 1] != ':' && text[at - 1] != '-') return false;
            int hi = HexValue(text[at]), lo = HexValue(text[at + 1]);
            if (hi < 0 || lo < 0) return false;
            value = (value << 8) | (uint)(hi << 4 | lo);
        }
        address = new MacAddress(value);
        return true;
    }

    public static MacAddress Parse(string text) =>
        TryParse(text, out var address) ? address : throw new FormatException($"'{text}' is not a MAC address");

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    public override string ToString()
    {
        Span<char> text = stackalloc char[17];
        for (int i = 0; i < 6; i++)
        {
            byte octet = (byte)(_value >> (40 - 8 * i));
            text[i * 3] = "0123456789abcdef"[octet >> 4];
            text[i * 3 + 1] = "0123456789abcdef"[octet & 0xF];
            if (i < 5) text[i * 3 + 2] = ':';
        }
        return new string(text);
    }
}
