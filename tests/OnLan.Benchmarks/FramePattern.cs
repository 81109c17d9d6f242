using System.Buffers.Binary;
using OnLan.Wire;

namespace OnLan.Benchmarks;

/// <summary>The bench's frames: local-experimental EtherType 0x88B5, so the receiver counts only ours.</summary>
internal static class FramePattern
{
    public const ushort EtherType = 0x88B5;

    public static void Write(Span<byte> frame, MacAddress destination, MacAddress source)
    {
        destination.WriteTo(frame);
        source.WriteTo(frame[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], EtherType);
        for (int i = 14; i < frame.Length; i++) frame[i] = (byte)i;
    }

    public static bool IsOurs(ReadOnlySpan<byte> frame) =>
        frame.Length >= 14 && BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) == EtherType;
}
