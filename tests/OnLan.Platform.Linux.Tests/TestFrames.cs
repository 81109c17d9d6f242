using System.Buffers.Binary;
using OnLan.Ports;
using OnLan.Wire;

namespace OnLan.Platform.Linux.Tests;

/// <summary>Ethernet frames of an IEEE local-experimental EtherType, numbered so order and content can be checked.</summary>
internal static class TestFrames
{
    /// <summary>IEEE 802 local experimental EtherType 1: nothing else on the link uses it.</summary>
    public const ushort EtherType = 0x88B5;
    private const int HeaderLength = 14;

    /// <summary>Writes frame number <paramref name="sequence"/> of <paramref name="length"/> bytes into the batch.</summary>
    public static void Add(FrameBatch batch, MacAddress destination, MacAddress source, int sequence, int length)
    {
        Span<byte> slot = batch.NextSlot();
        destination.WriteTo(slot);
        source.WriteTo(slot[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(slot[12..], EtherType);
        BinaryPrimitives.WriteInt32BigEndian(slot[HeaderLength..], sequence);
        for (int i = HeaderLength + 4; i < length; i++) slot[i] = (byte)(sequence * 31 + i);
        batch.Commit(length);
    }

    public static byte[] Expected(MacAddress destination, MacAddress source, int sequence, int length)
    {
        FrameBatch one = new(1, slotSize: Math.Max(FrameBatch.DefaultSlotSize, length));
        Add(one, destination, source, sequence, length);
        return one.Frame(0).ToArray();
    }

    public static bool IsTestFrame(ReadOnlySpan<byte> frame) =>
        frame.Length >= HeaderLength + 4 && BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) == EtherType;

    public static int Sequence(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadInt32BigEndian(frame[HeaderLength..]);
}
