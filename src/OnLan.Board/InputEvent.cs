using System.Buffers.Binary;

namespace OnLan.Board;

/// <summary>
/// One <c>struct input_event</c> as a 64-bit kernel writes it (aarch64, x86-64), in the CPU's byte order (little-endian
/// on every board we support). 32-bit ARM kernels write 16 bytes (32-bit timeval) and are not supported.
/// <code>
///  0               8               16      18      20      24
/// +---------------+---------------+-------+-------+-------+
/// | tv_sec  (s64) | tv_usec (s64) | type  | code  | value |
/// +---------------+---------------+-------+-------+-------+
/// </code>
/// The kernel's time stamp is ignored: it is CLOCK_REALTIME unless EVIOCSCLOCKID changed it, and the button's timing
/// runs on the gateway's own clock.
/// </summary>
public readonly ref struct InputEvent
{
    public const int Size = 24;
    private const int TypeOffset = 16;
    private const int CodeOffset = 18;
    private const int ValueOffset = 20;

    /// <summary>EV_KEY: a key or button changed.</summary>
    public const ushort TypeKey = 1;

    public const int ValueRelease = 0;
    public const int ValuePress = 1;
    public const int ValueRepeat = 2;

    private readonly ReadOnlySpan<byte> _bytes;

    private InputEvent(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    /// <summary>A view of the first <see cref="Size"/> bytes; false when there are fewer.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> bytes, out InputEvent inputEvent)
    {
        inputEvent = bytes.Length >= Size ? new InputEvent(bytes[..Size]) : default;
        return bytes.Length >= Size;
    }

    public ushort Type => BinaryPrimitives.ReadUInt16LittleEndian(_bytes[TypeOffset..]);

    public ushort Code => BinaryPrimitives.ReadUInt16LittleEndian(_bytes[CodeOffset..]);

    public int Value => BinaryPrimitives.ReadInt32LittleEndian(_bytes[ValueOffset..]);

    /// <summary>Writes an event (for tests and the simulated board's feeds).</summary>
    public static void Write(Span<byte> destination, ushort type, ushort code, int value)
    {
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(destination[TypeOffset..], type);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[CodeOffset..], code);
        BinaryPrimitives.WriteInt32LittleEndian(destination[ValueOffset..], value);
    }
}
