using System.Buffers.Binary;
using OnLan.Wire;

namespace OnLan.Dhcp;

/// <summary>
/// Writes a DHCP message (or, without <see cref="TryWriteHeader"/>, a bare option sequence) into a caller's buffer:
/// the fixed header and cookie, then options, then END. See <see cref="DhcpMessage"/> for the layout.
/// </summary>
/// <remarks>
/// Nothing throws when the buffer is too small, because a reply's size depends on configuration the caller cannot
/// always bound: a write that does not fit returns false, leaves the buffer past the last whole option as it was, and
/// marks the writer failed, so <see cref="TryFinish"/> also returns false. Callers can chain with <c>&amp;=</c> and
/// check once. Room for END is always kept back, so a writer that has not failed can always finish.
/// </remarks>
public ref struct DhcpMessageWriter
{
    /// <summary>The longest value one option instance carries; longer values are split (RFC 3396).</summary>
    public const int MaximumOptionValueLength = 255;

    private readonly Span<byte> _destination;
    private int _position;
    private bool _failed;
    private bool _finished;

    public DhcpMessageWriter(Span<byte> destination)
    {
        _destination = destination;
        _position = 0;
        _failed = destination.Length < 1;
        _finished = false;
    }

    /// <summary>Bytes written so far (END not yet included).</summary>
    public readonly int Position => _position;

    /// <summary>True once a write has not fitted.</summary>
    public readonly bool Failed => _failed;

    /// <summary>
    /// Writes op through file, then the magic cookie; must come first. hops, secs, sname and file are written as zero,
    /// as a server's replies carry them (RFC 2131 Table 3). <paramref name="clientHardwareAddress"/> (at most 16
    /// bytes) sets hlen and is zero-padded in chaddr.
    /// </summary>
    public bool TryWriteHeader(DhcpOperation operation, uint transactionId, ushort flags, Ipv4Address clientAddress,
        Ipv4Address yourAddress, Ipv4Address serverAddress, Ipv4Address relayAgentAddress, byte hardwareType,
        scoped ReadOnlySpan<byte> clientHardwareAddress)
    {
        if (_failed || _finished || _position != 0 || clientHardwareAddress.Length > DhcpMessage.ClientHardwareAddressFieldLength
            || _destination.Length < DhcpMessage.MinimumLength)
            return Fail();
        var header = _destination[..DhcpMessage.OptionsOffset];
        header.Clear();
        header[DhcpMessage.OperationOffset] = (byte)operation;
        header[DhcpMessage.HardwareTypeOffset] = hardwareType;
        header[DhcpMessage.HardwareAddressLengthOffset] = (byte)clientHardwareAddress.Length;
        BinaryPrimitives.WriteUInt32BigEndian(header[DhcpMessage.TransactionIdOffset..], transactionId);
        BinaryPrimitives.WriteUInt16BigEndian(header[DhcpMessage.FlagsOffset..], flags);
        clientAddress.WriteTo(header[DhcpMessage.ClientAddressOffset..]);
        yourAddress.WriteTo(header[DhcpMessage.YourAddressOffset..]);
        serverAddress.WriteTo(header[DhcpMessage.ServerAddressOffset..]);
        relayAgentAddress.WriteTo(header[DhcpMessage.RelayAgentAddressOffset..]);
        clientHardwareAddress.CopyTo(header[DhcpMessage.ClientHardwareAddressOffset..]);
        BinaryPrimitives.WriteUInt32BigEndian(header[DhcpMessage.MagicCookieOffset..], DhcpMessage.MagicCookie);
        _position = DhcpMessage.OptionsOffset;
        return true;
    }

    /// <summary>
    /// Appends option <paramref name="code"/>. A value longer than 255 bytes goes out as consecutive instances of the
    /// same code, each full but the last (RFC 3396 §7); an empty value is one instance of length 0. PAD and END are
    /// not options with values and are refused.
    /// </summary>
    public bool TryAppend(byte code, scoped ReadOnlySpan<byte> value)
    {
        if (_failed || _finished || code is DhcpOptionCode.Pad or DhcpOptionCode.End)
            return Fail();
        int instances = value.Length == 0 ? 1 : (value.Length + MaximumOptionValueLength - 1) / MaximumOptionValueLength;
        int needed = 2 * instances + value.Length;
        if (Free < needed)
            return Fail();
        do
        {
            int chunk = Math.Min(value.Length, MaximumOptionValueLength);
            _destination[_position] = code;
            _destination[_position + 1] = (byte)chunk;
            value[..chunk].CopyTo(_destination[(_position + 2)..]);
            _position += 2 + chunk;
            value = value[chunk..];
        } while (value.Length > 0);
        return true;
    }

    public bool TryAppend(byte code, byte value) => TryAppend(code, [value]);

    public bool TryAppend(byte code, Ipv4Address value)
    {
        Span<byte> bytes = stackalloc byte[Ipv4Address.Length];
        value.WriteTo(bytes);
        return TryAppend(code, bytes);
    }

    /// <summary>A 32-bit big-endian value: lease, renewal and rebinding times.</summary>
    public bool TryAppend(byte code, uint value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return TryAppend(code, bytes);
    }

    /// <summary>Writes END and returns the length of everything written; nothing can be appended after it.</summary>
    public bool TryFinish(out int length)
    {
        length = 0;
        if (_failed || _finished || _position >= _destination.Length)
            return Fail();
        _destination[_position++] = DhcpOptionCode.End;
        length = _position;
        _finished = true; // nothing may follow END
        return true;
    }

    // One byte is always held back for END.
    private readonly int Free => _destination.Length - _position - 1;

    private bool Fail()
    {
        _failed = true;
        return false;
    }
}
