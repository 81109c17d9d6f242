namespace OnLan.Board;

/// <summary>
/// The I/O half of an input-event button: blocking reads from the device (<c>/dev/input/...</c>, opened by the caller
/// with <c>File.OpenRead</c>) run through an <see cref="InputEventReader"/>. Meant for a dedicated thread that posts
/// each action to the gateway's loop, which stamps it with its own clock and calls <see cref="ButtonMonitor"/>.
/// </summary>
public sealed class InputEventStream(Stream device, ushort keyCode)
{
    // A handful of events per read: the kernel hands out whole events, several when they queued up.
    private readonly byte[] _buffer = new byte[InputEvent.Size * 16];
    private readonly InputEventReader _reader = new(keyCode);

    /// <summary>One read: appends the key's changes to <paramref name="actions"/>. Returns false at end of stream
    /// (the device went away).</summary>
    public bool Read(List<KeyAction> actions)
    {
        int count = device.Read(_buffer);
        if (count == 0) return false;
        _reader.Feed(_buffer.AsSpan(0, count), actions);
        return true;
    }
}
