using System.Buffers.Binary;
using System.Text;
using OnLan.Wire;

namespace OnLan.Radius;

/// <summary>
/// Writes one RADIUS packet into a caller's buffer: the header, then attributes in the order added, then
/// <see cref="FinishRequest"/> or <see cref="FinishReply"/> sets Length and the integrity fields. Each Try… returns
/// false, and writes nothing, when the attribute would not fit (the buffer, or 4096 octets).
/// </summary>
public ref struct RadiusPacketWriter
{
    private readonly Span<byte> _buffer;
    private int _length;
    private int _messageAuthenticatorOffset;

    /// <param name="authenticator">An Access-Request's random Request Authenticator; for a reply, the Request Authenticator of the request it answers.</param>
    public RadiusPacketWriter(Span<byte> buffer, RadiusCode code, byte identifier, ReadOnlySpan<byte> authenticator)
    {
        if (buffer.Length < RadiusPacket.HeaderLength) throw new ArgumentException("buffer shorter than a RADIUS header", nameof(buffer));
        _buffer = buffer[..Math.Min(buffer.Length, RadiusPacket.MaxLength)];
        _buffer[0] = (byte)code;
        _buffer[1] = identifier;
        authenticator.CopyTo(_buffer.Slice(RadiusPacket.AuthenticatorOffset, RadiusPacket.AuthenticatorLength));
        _length = RadiusPacket.HeaderLength;
        _messageAuthenticatorOffset = -1;
    }

    public readonly int Length => _length;

    public bool TryAdd(RadiusAttributeType type, scoped ReadOnlySpan<byte> value)
    {
        if (value.Length > RadiusPacket.MaxValueLength || _length + 2 + value.Length > _buffer.Length) return false;
        _buffer[_length] = (byte)type;
        _buffer[_length + 1] = (byte)(2 + value.Length);
        value.CopyTo(_buffer[(_length + 2)..]);
        _length += 2 + value.Length;
        return true;
    }

    /// <summary>An "integer" attribute (RFC 2865 §5: 32 bits, network order).</summary>
    public bool TryAdd(RadiusAttributeType type, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return TryAdd(type, bytes);
    }

    public bool TryAdd(RadiusAttributeType type, Ipv4Address address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.WriteTo(bytes);
        return TryAdd(type, bytes);
    }

    /// <summary>A "text" attribute, UTF-8, cut at 253 octets.</summary>
    public bool TryAdd(RadiusAttributeType type, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return TryAdd(type, bytes.AsSpan(0, Math.Min(bytes.Length, RadiusPacket.MaxValueLength)));
    }

    /// <summary>An EAP packet in as many consecutive EAP-Message attributes as it needs (RFC 3579 §3.1).</summary>
    public bool TryAddEapMessage(scoped ReadOnlySpan<byte> eap)
    {
        int pieces = (eap.Length + RadiusPacket.MaxValueLength - 1) / RadiusPacket.MaxValueLength;
        if (eap.IsEmpty || _length + pieces * 2 + eap.Length > _buffer.Length) return false;
        for (int at = 0; at < eap.Length; at += RadiusPacket.MaxValueLength)
            TryAdd(RadiusAttributeType.EapMessage, eap.Slice(at, Math.Min(RadiusPacket.MaxValueLength, eap.Length - at)));
        return true;
    }

    /// <summary>Room for the Message-Authenticator, filled in by Finish (at most one per packet).</summary>
    public bool TryAddMessageAuthenticator()
    {
        if (_messageAuthenticatorOffset >= 0) return false;
        Span<byte> zeros = stackalloc byte[RadiusAuthenticators.MessageAuthenticatorLength];
        zeros.Clear();
        if (!TryAdd(RadiusAttributeType.MessageAuthenticator, zeros)) return false;
        _messageAuthenticatorOffset = _length - RadiusAuthenticators.MessageAuthenticatorLength;
        return true;
    }

    /// <summary>Sets Length and the Message-Authenticator (over the Request Authenticator in place); returns the length.</summary>
    public int FinishRequest(ReadOnlySpan<byte> secret)
    {
        WriteLength();
        if (_messageAuthenticatorOffset >= 0)
        {
            var packet = _buffer[.._length];
            RadiusAuthenticators.ComputeMessageAuthenticator(packet, _messageAuthenticatorOffset,
                packet.Slice(RadiusPacket.AuthenticatorOffset, RadiusPacket.AuthenticatorLength), secret,
                packet.Slice(_messageAuthenticatorOffset, RadiusAuthenticators.MessageAuthenticatorLength));
        }
        return _length;
    }

    /// <summary>
    /// Sets Length, the Message-Authenticator, then the Response Authenticator, for a reply to the request whose
    /// authenticator the constructor was given (what a server does: here for test servers).
    /// </summary>
    public int FinishReply(ReadOnlySpan<byte> secret)
    {
        FinishRequest(secret);
        var packet = _buffer[.._length];
        Span<byte> requestAuthenticator = stackalloc byte[RadiusPacket.AuthenticatorLength];
        packet.Slice(RadiusPacket.AuthenticatorOffset, RadiusPacket.AuthenticatorLength).CopyTo(requestAuthenticator);
        RadiusAuthenticators.ComputeResponseAuthenticator(packet, requestAuthenticator, secret,
            packet.Slice(RadiusPacket.AuthenticatorOffset, RadiusPacket.AuthenticatorLength));
        return _length;
    }

    private readonly void WriteLength() => BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)_length);
}
