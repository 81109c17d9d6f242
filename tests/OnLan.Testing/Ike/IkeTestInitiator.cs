using System.Buffers.Binary;
using System.Security.Cryptography;
using OnLan.Ike;
using OnLan.Ike.Crypto;
using OnLan.Ike.Messages;

namespace OnLan.Testing.Ike;

/// <summary>
/// A small IKEv2 initiator (RFC 7296) for driving <c>IkeResponder</c> in process, sans-IO like it: every method
/// takes the time and returns the datagrams to send; <see cref="Receive"/> takes what the responder sent. It keeps a
/// message-ID window of one, retransmits on <see cref="Poll"/>, answers the responder's own requests, and checks
/// everything the responder owes it: AUTH, ICVs, message IDs, payload rules, that the proposal chosen is the one
/// offered. A responder that breaks those rules makes it throw <see cref="InvalidDataException"/>: in a test that is
/// a failure, never something to handle.
/// </summary>
/// <remarks>
/// The exchanges live in partial files: IKE_SA_INIT (.Init), IKE_AUTH (.Auth), CREATE_CHILD_SA (.CreateChildSa),
/// INFORMATIONAL both ways (.Informational). Each request is built with the handler of its response
/// (<see cref="PendingRequest.OnResponse"/>).
/// </remarks>
public sealed partial class IkeTestInitiator
{
    private readonly IkeTestInitiatorOptions _options;
    private InitiatorIkeSa _sa;
    /// <summary>The SA being deleted after an IKE SA rekey, until the responder answers the Delete.</summary>
    private InitiatorIkeSa? _old;

    public IkeTestInitiator(IkeTestInitiatorOptions options)
    {
        _options = options;
        _sa = new InitiatorIkeSa(NewIkeSpi());
    }

    public IkeTestInitiatorOptions Options => _options;
    public InitiatorState State { get; private set; } = InitiatorState.Idle;
    public InitiatorIkeSa Sa => _sa;
    public InitiatorIkeSa? OldSa => _old;

    /// <summary>The last error notify the responder answered with (NO_PROPOSAL_CHOSEN, AUTHENTICATION_FAILED, ...).</summary>
    public NotifyType? LastError { get; private set; }

    /// <summary>Every notify type the responder sent us, in order (status and error).</summary>
    public List<NotifyType> NotifiesReceived { get; } = [];

    public List<InitiatorChildSa> Children { get; } = [];

    /// <summary>The CFG_REPLY attributes of IKE_AUTH.</summary>
    public IReadOnlyList<ConfigurationAttribute> ConfigurationReply { get; private set; } = [];

    /// <summary>True when the responder's NAT_DETECTION hashes say a NAT sits between us.</summary>
    public bool NatDetectedByUs { get; private set; }

    /// <summary>When true, requests from the responder (liveness checks, Deletes) go unanswered.</summary>
    public bool Silent { get; set; }

    public bool HasOutstandingRequest => _sa.Outstanding is not null || _old?.Outstanding is not null;

    // What happened on the wire, for the tests to count.
    public int Retransmissions { get; private set; }
    public int StaleResponses { get; private set; }
    public int RequestsAnswered { get; private set; }
    public int RequestsIgnored { get; private set; }
    public int RetransmittedAnswers { get; private set; }
    public int LivenessChecksAnswered { get; private set; }
    public int LivenessChecksCompleted { get; private set; }
    public int FragmentsReceived { get; private set; }
    public int FragmentsSent { get; private set; }
    public int Dropped { get; private set; }

    /// <summary>Resends what is outstanding once its timeout has passed (fixed or doubling).</summary>
    public List<IkeDatagram> Poll(TimeSpan now)
    {
        var output = new List<IkeDatagram>();
        foreach (var sa in (InitiatorIkeSa?[])[_sa, _old])
        {
            if (sa?.Outstanding is not { } request || now < request.NextRetransmit) continue;
            if (_options.DoublingRetransmit) request.Timeout += request.Timeout;
            request.NextRetransmit = now + request.Timeout;
            Retransmissions++;
            Send(request.Datagrams, output);
        }
        return output;
    }

    /// <summary>Handles one IKE message from the responder; returns what to send back (the next request, or an answer).</summary>
    public List<IkeDatagram> Receive(ReadOnlySpan<byte> message, TimeSpan now)
    {
        var output = new List<IkeDatagram>();
        if (IkeHeader.TryRead(message, out var header) != IkeError.None)
        {
            Dropped++;
            return output;
        }
        message = message[..(int)header.Length];
        if (header.IsFromInitiator) throw new InvalidDataException("the responder set the Initiator flag");

        if (header.Exchange == ExchangeType.IkeSaInit)
        {
            if (!header.IsResponse || header.InitiatorSpi != _sa.InitiatorSpi || _sa.Keyed) Dropped++;
            else if (_sa.Outstanding is not { MessageId: 0 }) StaleResponses++;
            else ReceiveInitResponse(message, header, now, output);
            return output;
        }
        var sa = Match(_sa, header) ?? Match(_old, header);
        if (sa is null)
        {
            Dropped++;
            return output;
        }
        if (header.IsResponse) ReceiveResponse(sa, message, header, now, output);
        else ReceiveRequest(sa, message, header, now, output);
        return output;
    }

    private static InitiatorIkeSa? Match(InitiatorIkeSa? sa, IkeHeader header) =>
        sa is not null && sa.Keyed && sa.InitiatorSpi == header.InitiatorSpi && sa.ResponderSpi == header.ResponderSpi ? sa : null;

    private void ReceiveResponse(InitiatorIkeSa sa, ReadOnlySpan<byte> message, IkeHeader header, TimeSpan now, List<IkeDatagram> output)
    {
        // Window of one: only the answer to the request in flight counts; a late duplicate is ignored.
        if (sa.Outstanding is not { } request || header.MessageId != request.MessageId)
        {
            StaleResponses++;
            return;
        }
        if (header.Exchange != request.Exchange) throw new InvalidDataException($"response is {header.Exchange}, request was {request.Exchange}");
        var payloads = Open(sa, message, header, response: true);
        if (payloads is null) return; // more fragments to come
        sa.Outstanding = null;
        foreach (var notify in payloads.Notifies()) NotifiesReceived.Add(notify.NotifyType);
        request.OnResponse(payloads, now, output);
    }

    /// <summary>Verifies, decrypts (reassembling SKF fragments) and parses a protected message; null while fragments are missing.</summary>
    private List<IkePayload>? Open(InitiatorIkeSa sa, ReadOnlySpan<byte> message, IkeHeader header, bool response)
    {
        byte[] inner;
        PayloadType first;
        if (header.NextPayload == PayloadType.Encrypted)
        {
            first = (PayloadType)message[IkeHeader.Size];
            Check(sa.Inbound.TryUnprotect(message, IkeHeader.Size, out inner), "SK");
        }
        else if (header.NextPayload == PayloadType.EncryptedFragment)
        {
            if (!_options.Fragmentation) throw new InvalidDataException("SKF sent to an initiator that did not offer fragmentation");
            Check(sa.Inbound.TryUnprotectFragment(message, IkeHeader.Size, out var chunk), "SKF");
            FragmentsReceived++;
            var whole = Gather(sa, header.MessageId, message, chunk);
            if (whole is null) return null;
            (inner, first) = whole.Value;
        }
        else throw new InvalidDataException($"{header.Exchange} without SK: {header.NextPayload}");

        var payloads = new List<IkePayload>();
        Check(IkeMessageCodec.TryParsePayloads(inner, first, payloads, out _), "inner payloads");
        Check(PayloadRules.Check(header.Exchange, response, encrypted: true, payloads), "payload rules");
        return payloads;
    }

    // RFC 7383 §2.6: fragments may come in any order; the message is whole when every number 1..Total is in.
    private static (byte[] Inner, PayloadType First)? Gather(InitiatorIkeSa sa, uint messageId, ReadOnlySpan<byte> message, byte[] chunk)
    {
        ushort number = BinaryPrimitives.ReadUInt16BigEndian(message[(IkeHeader.Size + 4)..]);
        ushort total = BinaryPrimitives.ReadUInt16BigEndian(message[(IkeHeader.Size + 6)..]);
        if (sa.Fragments is not { } buffer || buffer.MessageId != messageId || buffer.Chunks.Length != total)
            buffer = (messageId, new byte[]?[total], PayloadType.None);
        buffer.Chunks[number - 1] = chunk;
        if (number == 1) buffer.FirstInner = (PayloadType)message[IkeHeader.Size];
        sa.Fragments = buffer;
        if (Array.Exists(buffer.Chunks, c => c is null)) return null;
        sa.Fragments = null;
        return ([.. buffer.Chunks.SelectMany(c => c!)], buffer.FirstInner);
    }

    private static void Check(IkeError error, string what)
    {
        if (error != IkeError.None) throw new InvalidDataException($"responder sent a bad {what}: {error}");
    }

    /// <summary>Sends a protected request on <paramref name="sa"/> and keeps it for retransmission until answered.</summary>
    private void SendRequest(InitiatorIkeSa sa, ExchangeType exchange, List<IkePayload> payloads, TimeSpan now, List<IkeDatagram> output,
        Action<List<IkePayload>, TimeSpan, List<IkeDatagram>> onResponse)
    {
        if (sa.Outstanding is not null) throw new InvalidOperationException("one request at a time: the previous one is still outstanding");
        var header = new IkeHeader(sa.InitiatorSpi, sa.ResponderSpi, PayloadType.Encrypted, exchange, IkeFlags.Initiator, sa.NextRequestId, 0);
        var datagrams = Protect(sa, header, payloads);
        sa.Outstanding = new PendingRequest(sa.NextRequestId, exchange, datagrams, now, _options.RetransmitTimeout, onResponse);
        sa.NextRequestId++;
        Send(datagrams, output);
    }

    private List<byte[]> Protect(InitiatorIkeSa sa, IkeHeader header, List<IkePayload> payloads)
    {
        var inner = payloads.Count == 0 ? [] : IkeMessageCodec.WritePayloads(payloads);
        var firstInner = payloads.Count == 0 ? PayloadType.None : payloads[0].Type;
        int size = _options.FragmentSize;
        if (size <= 0 || !sa.PeerSupportsFragmentation || IkeHeader.Size + 4 + inner.Length + sa.Outbound.Overhead(inner.Length) <= size)
            return [sa.Outbound.Protect(header, firstInner, inner)];

        // RFC 7383 §2.5: the largest chunk whose whole SKF message still fits in FragmentSize.
        int room = size;
        while (room > 1 && IkeHeader.Size + SkProtection.FragmentHeaderLength + room + sa.Outbound.Overhead(room) > size) room--;
        int count = (inner.Length + room - 1) / room;
        var fragmentHeader = header with { NextPayload = PayloadType.EncryptedFragment };
        var fragments = new List<byte[]>(count);
        for (int i = 0; i < count; i++)
        {
            var chunk = inner.AsSpan(i * room, Math.Min(room, inner.Length - i * room));
            fragments.Add(sa.Outbound.ProtectFragment(fragmentHeader, (ushort)(i + 1), (ushort)count, i == 0 ? firstInner : PayloadType.None, chunk));
        }
        FragmentsSent += count;
        return fragments;
    }

    private void Send(List<byte[]> datagrams, List<IkeDatagram> output)
    {
        foreach (var datagram in datagrams) output.Add(new IkeDatagram(_options.Local, _options.Remote, datagram));
    }

    private void Fail(NotifyType error)
    {
        LastError = error;
        State = InitiatorState.Failed;
    }

    private static ulong NewIkeSpi()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return BinaryPrimitives.ReadUInt64BigEndian(bytes) | 1; // never zero
    }

    private uint NewChildSpi()
    {
        while (true)
        {
            uint spi = (uint)RandomNumberGenerator.GetInt32(256, int.MaxValue); // 1-255 are reserved (RFC 4303 §2.1)
            if (!Children.Exists(c => c.InboundSpi == spi)) return spi;
        }
    }

    private static byte[] NewNonce() => RandomNumberGenerator.GetBytes(32);

    private static byte[] SpiBytes(uint spi)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, spi);
        return bytes;
    }
}
