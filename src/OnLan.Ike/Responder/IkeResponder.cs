using System.Buffers.Binary;
using System.Security.Cryptography;
using OnLan.Ike.Crypto;
using OnLan.Ike.Messages;
using OnLan.Ike.Proposals;
using OnLan.Ike.Sa;

namespace OnLan.Ike.Responder;

/// <summary>
/// The IKEv2 responder (RFC 7296), sans-IO: datagrams come in with the time, datagrams to send go into a list, Child
/// SAs go to an <see cref="IChildSaInstaller"/>, addresses come from an <see cref="IAddressAllocator"/>. It never
/// reads a clock, opens a socket or sleeps. One thread drives it.
/// </summary>
/// <remarks>
/// A request's path: header → (IKE_SA_INIT: new half-open SA) or the SA by SPI → Message ID window of one
/// (a duplicate gets the cached response) → SK/SKF decryption → payload rules → the exchange's handler, which
/// returns the response payloads → protect, fragment, cache, send. Each exchange lives in its own partial file.
/// </remarks>
public sealed partial class IkeResponder
{
    private IkeResponderOptions _options;
    private readonly IChildSaInstaller _installer;
    private readonly IAddressAllocator _addresses;
    private ProposalSelector _selector;
    private readonly CookieGenerator _cookies = new();
    private readonly Dictionary<ulong, IkeSa> _byResponderSpi = [];
    private readonly Dictionary<(ulong Spi, IkeEndpoint Remote), IkeSa> _halfOpenByInitiator = [];
    private readonly Dictionary<uint, (IkeSa Sa, ChildSa Child)> _childrenByInboundSpi = [];
    private readonly Dictionary<Wire.Ipv4Address, int> _halfOpenPerAddress = [];
    private readonly List<IkePayload> _scratch = [];
    private int _halfOpen;

    public IkeResponder(IkeResponderOptions options, IChildSaInstaller installer, IAddressAllocator addresses)
    {
        _options = options;
        _installer = installer;
        _addresses = addresses;
        _selector = new ProposalSelector(options.LegacyModp1024);
    }

    public IkeCounters Counters { get; } = new();

    /// <summary>Repeated authentication failures per identity and source (see <see cref="AuthenticationThrottle"/>).</summary>
    public AuthenticationThrottle Throttle { get; } = new();
    public IkeResponderOptions Options => _options;

    /// <summary>
    /// Puts new settings into force for what comes next (a commit that changed DNS, users, lifetimes, proposals or
    /// certificates): established SAs and their Child SAs stay as they are; the next exchange uses the new settings.
    /// </summary>
    public void UpdateOptions(IkeResponderOptions options)
    {
        _options = options;
        _selector = new ProposalSelector(options.LegacyModp1024);
        _validator = null;
        _serverKey = null;
    }

    /// <summary>The established (or ending) IKE SA with responder SPI <paramref name="spi"/>, if any.</summary>
    public IkeSa? Find(ulong spi) => _byResponderSpi.GetValueOrDefault(spi);
    public IEnumerable<IkeSa> Sas => _byResponderSpi.Values;
    public int HalfOpenCount => _halfOpen;

    /// <summary>Raised on the engine's thread when an IKE SA is established or ends (for logs, LEDs, the console).</summary>
    public event Action<IkeSaEvent>? Events;

    /// <summary>
    /// Handles one IKE message (without the non-ESP marker) that arrived at <paramref name="local"/> from
    /// <paramref name="remote"/>. Answers go into <paramref name="output"/>.
    /// </summary>
    public void Receive(ReadOnlySpan<byte> message, IkeEndpoint local, IkeEndpoint remote, TimeSpan now, List<IkeDatagram> output)
    {
        Counters.MessagesReceived++;
        var error = IkeHeader.TryRead(message, out var header);
        if (error != IkeError.None)
        {
            Counters.Drop(BadInputPolicy.DropReason(error));
            return;
        }
        message = message[..(int)header.Length];

        if (header.Exchange == ExchangeType.IkeSaInit)
        {
            if (header.IsResponse) Counters.Drop(IkeDrop.UnexpectedResponse);
            else ReceiveInitRequest(message, header, local, remote, now, output);
            return;
        }
        if (!_byResponderSpi.TryGetValue(header.ResponderSpi, out var sa))
        {
            Counters.Drop(IkeDrop.UnknownSpi);
            return;
        }
        if (sa.InitiatorSpi != header.InitiatorSpi)
        {
            Counters.Drop(IkeDrop.WrongInitiatorSpi);
            return;
        }
        if (header.IsResponse)
        {
            ReceiveResponse(sa, message, header, now);
            return;
        }
        if (!header.IsFromInitiator)
        {
            Counters.Drop(IkeDrop.UnexpectedFlags);
            return;
        }
        ReceiveProtectedRequest(sa, message, header, local, remote, now, output);
    }

    private void ReceiveProtectedRequest(IkeSa sa, ReadOnlySpan<byte> message, IkeHeader header, IkeEndpoint local, IkeEndpoint remote,
        TimeSpan now, List<IkeDatagram> output)
    {
        if ((sa.AwaitingAddress is { } wait && header.MessageId == wait.Request.MessageId) ||
            (sa.AwaitingEap is { } eapWait && header.MessageId == eapWait.Request.MessageId))
        {
            // The peer grew impatient while the address (or the EAP method's answer) is being found: its answer goes
            // out as soon as it is known.
            Counters.RetransmissionsWhileWaiting++;
            return;
        }
        if (header.MessageId == sa.ExpectedRequestId - 1 && sa.ExpectedRequestId > 0)
        {
            // RFC 7296 §2.1: a retransmitted request gets the same response again, not a second execution. Only a
            // byte-identical copy of the request we answered counts (for a fragmented one, its first fragment:
            // RFC 7383 §2.6.1): anything else with this Message ID is a forgery or a stale packet.
            if (sa.CachedResponse is { } cached && sa.LastRequestDigest is { } digest && IsFirstFragmentOrWhole(message) &&
                SHA256.HashData(message).AsSpan().SequenceEqual(digest))
            {
                Counters.RetransmissionsAnswered++;
                foreach (var datagram in cached) output.Add(new IkeDatagram(sa.Local, sa.Remote, datagram));
            }
            else if (IsFirstFragmentOrWhole(message)) Counters.Drop(IkeDrop.InvalidMessageId);
            return;
        }
        if (header.MessageId != sa.ExpectedRequestId)
        {
            Counters.Drop(IkeDrop.InvalidMessageId);
            return;
        }

        var unprotected = Unprotect(sa, message, header, out var firstInner);
        if (unprotected is null) return; // counted inside; may be a fragment still being gathered
        sa.LastRequestDigest = header.NextPayload == PayloadType.EncryptedFragment ? sa.FirstFragmentDigest : SHA256.HashData(message);

        // From here the bytes are authentic: the peer is alive, and may have moved (NAT rebinding, RFC 7296 §2.23).
        sa.LastHeard = now;
        sa.Remote = remote;
        sa.Local = local;

        _scratch.Clear();
        var parseError = IkeMessageCodec.TryParsePayloads(unprotected, firstInner, _scratch, out byte unknownCritical);
        if (parseError == IkeError.None) parseError = PayloadRules.Check(header.Exchange, response: false, encrypted: true, _scratch);
        if (parseError != IkeError.None)
        {
            Counters.Drop(BadInputPolicy.DropReason(parseError));
            // Authenticated garbage: say so inside the SA, then end it (RFC 7296 §2.21.2).
            var notify = parseError == IkeError.UnsupportedCriticalPayload
                ? new NotifyPayload(ProtocolId.None, [], NotifyType.UnsupportedCriticalPayload, [unknownCritical])
                : new NotifyPayload(ProtocolId.None, [], NotifyType.InvalidSyntax, []);
            Respond(sa, header, [notify], output);
            Remove(sa, IkeSaEndReason.BadInput);
            return;
        }
        var payloads = _scratch.ToList();
        List<IkePayload>? response = header.Exchange switch
        {
            ExchangeType.IkeAuth => HandleAuth(sa, header, payloads, now),
            ExchangeType.Informational => HandleInformational(sa, payloads),
            ExchangeType.CreateChildSa => HandleCreateChildSa(sa, payloads, now),
            _ => [new NotifyPayload(ProtocolId.None, [], NotifyType.InvalidSyntax, [])],
        };
        if (response is null) return; // answered later, from Poll (ResumeAuth, ResumeEap)
        Respond(sa, header, response, output);
        AfterResponse(sa);
    }

    private static bool IsFirstFragmentOrWhole(ReadOnlySpan<byte> message)
    {
        if (message.Length < IkeHeader.Size + 8 || (PayloadType)message[16] != PayloadType.EncryptedFragment) return true;
        return BinaryPrimitives.ReadUInt16BigEndian(message[(IkeHeader.Size + 4)..]) == 1;
    }

    /// <summary>
    /// The inner payload bytes of an SK message, or of a complete set of SKF fragments; null when the message
    /// was dropped (counted) or more fragments are needed.
    /// </summary>
    private byte[]? Unprotect(IkeSa sa, ReadOnlySpan<byte> message, IkeHeader header, out PayloadType firstInner)
    {
        firstInner = PayloadType.None;
        if (sa.Inbound is null)
        {
            Counters.Drop(IkeDrop.NotEncrypted);
            return null;
        }
        switch (header.NextPayload)
        {
            case PayloadType.Encrypted:
            {
                if (message.Length < IkeHeader.Size + 4)
                {
                    Counters.Drop(IkeDrop.Truncated);
                    return null;
                }
                firstInner = (PayloadType)message[IkeHeader.Size];
                var error = sa.Inbound.TryUnprotect(message, IkeHeader.Size, out var inner);
                if (error != IkeError.None)
                {
                    Counters.Drop(BadInputPolicy.DropReason(error));
                    return null;
                }
                return inner;
            }
            case PayloadType.EncryptedFragment:
                return Reassemble(sa, message, header, out firstInner);
            default:
                Counters.Drop(IkeDrop.NotEncrypted);
                return null;
        }
    }

    // RFC 7383 §2.6: each fragment is verified on its own before it is kept; the message is whole when all are in.
    private byte[]? Reassemble(IkeSa sa, ReadOnlySpan<byte> message, IkeHeader header, out PayloadType firstInner)
    {
        firstInner = PayloadType.None;
        if (message.Length < IkeHeader.Size + 8)
        {
            Counters.Drop(IkeDrop.Truncated);
            return null;
        }
        ushort number = BinaryPrimitives.ReadUInt16BigEndian(message[(IkeHeader.Size + 4)..]);
        ushort total = BinaryPrimitives.ReadUInt16BigEndian(message[(IkeHeader.Size + 6)..]);
        if (number == 0 || total == 0 || number > total || total > FragmentBuffer.MaxFragments)
        {
            Counters.Drop(IkeDrop.FragmentError);
            return null;
        }
        var error = sa.Inbound.TryUnprotectFragment(message, IkeHeader.Size, out var chunk);
        if (error != IkeError.None)
        {
            Counters.Drop(BadInputPolicy.DropReason(error));
            return null;
        }
        Counters.FragmentsReceived++;
        var buffer = sa.IncomingFragments;
        if (buffer is null || buffer.MessageId != header.MessageId || buffer.Total != total)
        {
            if (buffer is not null && buffer.MessageId == header.MessageId && total > buffer.Total)
            {
                Counters.Drop(IkeDrop.FragmentError);
                return null;
            }
            buffer = sa.IncomingFragments = new FragmentBuffer(header.MessageId, total);
        }
        if (buffer.Chunks[number - 1] is null)
        {
            buffer.Chunks[number - 1] = chunk;
            buffer.Received++;
            if (number == 1)
            {
                buffer.FirstInner = (PayloadType)message[IkeHeader.Size];
                sa.FirstFragmentDigest = SHA256.HashData(message);
            }
        }
        if (!buffer.Complete) return null;
        sa.IncomingFragments = null;
        firstInner = buffer.FirstInner;
        var whole = new byte[buffer.Chunks.Sum(c => c!.Length)];
        int at = 0;
        foreach (var part in buffer.Chunks)
        {
            part!.CopyTo(whole, at);
            at += part.Length;
        }
        return whole;
    }

    /// <summary>Protects, fragments when needed, caches and sends the response to the peer's request <paramref name="request"/>.</summary>
    private void Respond(IkeSa sa, IkeHeader request, List<IkePayload> payloads, List<IkeDatagram> output)
    {
        var header = new IkeHeader(sa.InitiatorSpi, sa.ResponderSpi, PayloadType.Encrypted, request.Exchange, IkeFlags.Response,
            request.MessageId, 0);
        var datagrams = Protect(sa, header, payloads);
        sa.ExpectedRequestId = request.MessageId + 1;
        sa.CachedResponse = datagrams;
        foreach (var datagram in datagrams) output.Add(new IkeDatagram(sa.Local, sa.Remote, datagram));
    }

    private List<byte[]> Protect(IkeSa sa, IkeHeader header, List<IkePayload> payloads)
    {
        var inner = payloads.Count == 0 ? [] : IkeMessageCodec.WritePayloads(payloads);
        var firstInner = payloads.Count == 0 ? PayloadType.None : payloads[0].Type;
        int whole = IkeHeader.Size + 4 + inner.Length + sa.Outbound.Overhead(inner.Length);
        if (!sa.PeerSupportsFragmentation || whole <= _options.FragmentSize)
            return [sa.Outbound.Protect(header, firstInner, inner)];

        // RFC 7383 §2.5: split the inner payloads into chunks that keep each fragment within FragmentSize.
        // The overhead (IV, CBC padding, ICV) depends on the chunk's length, so search down for the largest chunk whose
        // whole fragment fits; the floor only matters for absurdly small sizes, and keeps the fragment count bounded.
        int room = _options.FragmentSize - IkeHeader.Size - SkProtection.FragmentHeaderLength;
        while (room > MinimumFragmentChunk && IkeHeader.Size + SkProtection.FragmentHeaderLength + room + sa.Outbound.Overhead(room) > _options.FragmentSize)
            room--;
        room = Math.Max(room, MinimumFragmentChunk);
        int count = (inner.Length + room - 1) / room;
        var fragments = new List<byte[]>(count);
        var fragmentHeader = header with { NextPayload = PayloadType.EncryptedFragment };
        for (int i = 0; i < count; i++)
        {
            var chunk = inner.AsSpan(i * room, Math.Min(room, inner.Length - i * room));
            fragments.Add(sa.Outbound.ProtectFragment(fragmentHeader, (ushort)(i + 1), (ushort)count, i == 0 ? firstInner : PayloadType.None, chunk));
        }
        Counters.FragmentsSent += count;
        return fragments;
    }

    private const int MinimumFragmentChunk = 64;

    private ulong NewResponderSpi()
    {
        Span<byte> bytes = stackalloc byte[8];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            ulong spi = BinaryPrimitives.ReadUInt64BigEndian(bytes);
            if (spi != 0 && !_byResponderSpi.ContainsKey(spi)) return spi;
        }
    }

    private uint NewInboundSpi()
    {
        Span<byte> bytes = stackalloc byte[4];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            uint spi = BinaryPrimitives.ReadUInt32BigEndian(bytes);
            // SPIs 1-255 are reserved by IANA (RFC 4303 §2.1); 0 means "none".
            if (spi > 255 && !_childrenByInboundSpi.ContainsKey(spi)) return spi;
        }
    }

    private static byte[] NewNonce()
    {
        var nonce = new byte[32];
        RandomNumberGenerator.Fill(nonce);
        return nonce;
    }
}

/// <summary>Why an IKE SA ended.</summary>
public enum IkeSaEndReason
{
    DeletedByPeer,
    DeletedByUs,
    Expired,
    DeadPeer,
    HalfOpenTimeout,
    AuthenticationFailed,
    Rekeyed,
    BadInput,
    Shutdown,
}

/// <summary>An IKE SA came up or went away.</summary>
public sealed record IkeSaEvent(IkeSa Sa, bool Established, IkeSaEndReason? Reason);
