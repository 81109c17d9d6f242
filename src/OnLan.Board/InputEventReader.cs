namespace OnLan.Board;

/// <summary>
/// Turns the bytes of an input event device into presses and releases of one key, sans-IO: feed it whatever each
/// read returned. A read may end inside an event (a short read, a pipe in tests); the tail is kept until the rest
/// comes. Other keys, other event types (EV_SYN, EV_MSC) and auto-repeat (value 2) are ignored.
/// </summary>
public sealed class InputEventReader(ushort keyCode)
{
    private readonly byte[] _partial = new byte[InputEvent.Size];
    private int _partialLength;

    public ushort KeyCode { get; } = keyCode;

    /// <summary>Appends to <paramref name="actions"/> the key's changes found in <paramref name="bytes"/>.</summary>
    public void Feed(ReadOnlySpan<byte> bytes, List<KeyAction> actions)
    {
        if (_partialLength > 0)
        {
            int take = Math.Min(InputEvent.Size - _partialLength, bytes.Length);
            bytes[..take].CopyTo(_partial.AsSpan(_partialLength));
            _partialLength += take;
            bytes = bytes[take..];
            if (_partialLength < InputEvent.Size) return;
            Decode(_partial, actions);
            _partialLength = 0;
        }
        while (InputEvent.TryCreate(bytes, out _))
        {
            Decode(bytes, actions);
            bytes = bytes[InputEvent.Size..];
        }
        bytes.CopyTo(_partial);
        _partialLength = bytes.Length;
    }

    private void Decode(ReadOnlySpan<byte> bytes, List<KeyAction> actions)
    {
        InputEvent.TryCreate(bytes, out InputEvent e);
        if (e.Type != InputEvent.TypeKey || e.Code != KeyCode) return;
        if (e.Value == InputEvent.ValuePress) actions.Add(KeyAction.Press);
        else if (e.Value == InputEvent.ValueRelease) actions.Add(KeyAction.Release);
    }
}
