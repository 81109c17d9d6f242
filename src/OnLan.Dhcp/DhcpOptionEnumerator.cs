namespace OnLan.Dhcp;

/// <summary>
/// Walks an option sequence (RFC 2132 §2: code, length, value), skipping PAD (0) and stopping at END (255) or at
/// the end of the bytes. Allocation-free: use it with <c>foreach</c>.
/// </summary>
/// <remarks>
/// Over bytes a checked factory has validated (<see cref="DhcpMessage.Options"/>) every option is whole. Over
/// anything else it stops, without throwing, at an option whose length runs past the end: <see cref="Overran"/>
/// then says so. Each instance is yielded on its own; joining split options (RFC 3396) is the reader's choice.
/// </remarks>
public ref struct DhcpOptionEnumerator
{
    private readonly ReadOnlySpan<byte> _options;
    private int _next;
    private DhcpOption _current;

    public DhcpOptionEnumerator(ReadOnlySpan<byte> options)
    {
        _options = options;
        _next = 0;
        _current = default;
        Overran = false;
        EndOffset = -1;
    }

    /// <summary>True when the walk stopped at an option that does not fit in the bytes.</summary>
    public bool Overran { get; private set; }

    /// <summary>Offset of the END option once the walk has reached it; -1 before that, or when there is none.</summary>
    public int EndOffset { get; private set; }

    public readonly DhcpOption Current => _current;

    public readonly DhcpOptionEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        while (_next < _options.Length)
        {
            byte code = _options[_next];
            if (code == DhcpOptionCode.Pad)
            {
                _next++;
                continue;
            }
            if (code == DhcpOptionCode.End)
            {
                EndOffset = _next;
                _next = _options.Length;
                return false;
            }
            if (_next + 1 >= _options.Length)
                return Stop();
            int length = _options[_next + 1];
            int start = _next + 2;
            if (start + length > _options.Length)
                return Stop();
            _current = new DhcpOption(code, _options.Slice(start, length));
            _next = start + length;
            return true;
        }
        return false;
    }

    private bool Stop()
    {
        Overran = true;
        _next = _options.Length;
        return false;
    }
}
