using System.Buffers.Binary;

namespace OnLan.Testing.Ike;

/// <summary>One hostile IKE datagram: what kind of damage, the UDP port it goes to (500, or 4500 with the non-ESP marker already added), and its bytes.</summary>
public sealed record IkeMutation(string Kind, ushort Port, byte[] Datagram);

/// <summary>
/// Hostile IKE traffic derived from real strongSwan messages (<see cref="CapturedIkeMessages"/>): truncations, bad
/// length fields, unknown critical payloads, unknown SPIs, forged messages on a live SA (bad ICVs), random bit
/// flips, IKE_SA_INIT floods with fresh SPIs, garbage on 4500. Deterministic for a seed.
/// </summary>
public sealed class IkeMutations(int seed, ulong liveInitiatorSpi = 0, ulong liveResponderSpi = 0)
{
    private readonly Random _random = new(seed);
    private readonly byte[][] _captured = [.. CapturedIkeMessages.All];

    public const int KindCount = 10;

    public IEnumerable<IkeMutation> Generate(int count)
    {
        for (int i = 0; i < count; i++) yield return Make(i % KindCount);
    }

    public IkeMutation Make(int kind)
    {
        switch (kind)
        {
            case 0:
            {
                var message = Pick();
                return On500Or4500("truncated", message[.._random.Next(0, message.Length)]);
            }
            case 1:
            {
                var message = Pick();
                BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(24), (uint)_random.Next(0, message.Length * 2));
                return On500Or4500("bad-message-length", message);
            }
            case 2:
            {
                var message = Pick();
                BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(30), (ushort)(_random.Next(0, 2) == 0 ? _random.Next(0, 4) : _random.Next(message.Length, 65536)));
                return On500Or4500("bad-payload-length", message);
            }
            case 3:
            {
                // The first payload becomes an unknown type with the critical bit set (RFC 7296 §2.5).
                var message = CapturedIkeMessages.IkeSaInitRequest;
                message[16] = (byte)_random.Next(54, 128);
                message[29] |= 0x80;
                RandomSpi(message, 0);
                return new IkeMutation("unknown-critical-payload", 500, message);
            }
            case 4:
            {
                var message = CapturedIkeMessages.IkeAuthRequest;
                RandomSpi(message, 0);
                RandomSpi(message, 8);
                return Marked("unknown-spi", message);
            }
            case 5:
            {
                // A forged request on the live SA: right SPIs, a plausible Message ID, garbage where the ICV must match.
                var message = CapturedIkeMessages.IkeAuthRequest;
                BinaryPrimitives.WriteUInt64BigEndian(message.AsSpan(0), liveInitiatorSpi);
                BinaryPrimitives.WriteUInt64BigEndian(message.AsSpan(8), liveResponderSpi);
                message[18] = 37; // INFORMATIONAL
                BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(20), (uint)_random.Next(0, 64));
                _random.NextBytes(message.AsSpan(40));
                return Marked("bad-icv-on-live-sa", message);
            }
            case 6:
            {
                var message = Pick();
                for (int flips = _random.Next(1, 8); flips > 0; flips--)
                    message[_random.Next(message.Length)] ^= (byte)(1 << _random.Next(8));
                return On500Or4500("bit-flips", message);
            }
            case 7:
            {
                // A flood of well-formed IKE_SA_INIT requests from one address, each a new SA: cookies must kick in.
                var message = CapturedIkeMessages.IkeSaInitRequest;
                RandomSpi(message, 0);
                return new IkeMutation("init-flood", 500, message);
            }
            case 8:
            {
                var garbage = new byte[_random.Next(0, 300)];
                _random.NextBytes(garbage);
                return _random.Next(0, 2) == 0 ? Marked("random-after-marker", garbage) : new IkeMutation("random-on-500", 500, garbage);
            }
            default:
            {
                // ESP-in-UDP with an SPI nobody owns, and NAT keepalives (RFC 3948 §2.2).
                if (_random.Next(0, 4) == 0) return new IkeMutation("nat-keepalive", 4500, [0xFF]);
                var esp = new byte[_random.Next(8, 200)];
                _random.NextBytes(esp);
                esp[0] |= 0x01;
                return new IkeMutation("esp-unknown-spi", 4500, esp);
            }
        }
    }

    private byte[] Pick() => (byte[])_captured[_random.Next(_captured.Length)].Clone();

    private IkeMutation On500Or4500(string kind, byte[] message) =>
        _random.Next(0, 2) == 0 ? new IkeMutation(kind, 500, message) : Marked(kind, message);

    private static IkeMutation Marked(string kind, byte[] message)
    {
        var datagram = new byte[message.Length + 4];
        message.CopyTo(datagram, 4);
        return new IkeMutation(kind, 4500, datagram);
    }

    private void RandomSpi(byte[] message, int offset)
    {
        ulong spi = (ulong)_random.NextInt64(1, long.MaxValue);
        BinaryPrimitives.WriteUInt64BigEndian(message.AsSpan(offset), spi);
    }
}
