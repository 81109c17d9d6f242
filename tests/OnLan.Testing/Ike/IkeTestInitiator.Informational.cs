using System.Buffers.Binary;
using OnLan.Ike;
using OnLan.Ike.Messages;

namespace OnLan.Testing.Ike;

public sealed partial class IkeTestInitiator
{
    // INFORMATIONAL (RFC 7296 §1.4), ours:
    //   HDR, SK {}                 -->  <-- HDR, SK {}                       liveness check
    //   HDR, SK {D(IKE)}           -->  <-- HDR, SK {}                       the IKE SA ends
    //   HDR, SK {D(ESP, SPIi)}     -->  <-- HDR, SK {D(ESP, SPIr)}           one Child SA ends
    // and the responder's, which we answer the same way unless Silent.

    public List<IkeDatagram> DeleteIkeSa(TimeSpan now)
    {
        var output = new List<IkeDatagram>();
        SendRequest(_sa, ExchangeType.Informational, [new DeletePayload(ProtocolId.Ike, [])], now, output, (_, _, _) =>
        {
            State = InitiatorState.Deleted;
            Children.Clear();
        });
        return output;
    }

    public List<IkeDatagram> DeleteChildSa(InitiatorChildSa child, TimeSpan now)
    {
        var output = new List<IkeDatagram>();
        SendDeleteChild(child, now, output);
        return output;
    }

    public List<IkeDatagram> SendLivenessCheck(TimeSpan now)
    {
        var output = new List<IkeDatagram>();
        SendRequest(_sa, ExchangeType.Informational, [], now, output, (response, _, _) =>
        {
            if (response.Count != 0) throw new InvalidDataException("a liveness check is answered with an empty INFORMATIONAL");
            LivenessChecksCompleted++;
        });
        return output;
    }

    private void SendDeleteChild(InitiatorChildSa child, TimeSpan now, List<IkeDatagram> output)
    {
        SendRequest(_sa, ExchangeType.Informational, [new DeletePayload(ProtocolId.Esp, [SpiBytes(child.InboundSpi)])], now, output, (response, _, _) =>
        {
            // §1.4.1: the answer names the responder's half of the pair (our outbound SPI), unless it was gone already.
            var delete = response.Find<DeletePayload>();
            if (delete is not null && (delete.Protocol != ProtocolId.Esp || !delete.Spis.Any(s => BinaryPrimitives.ReadUInt32BigEndian(s) == child.OutboundSpi)))
                throw new InvalidDataException("the Delete in the response names another SA");
            Children.Remove(child);
        });
    }

    private void ReceiveRequest(InitiatorIkeSa sa, ReadOnlySpan<byte> message, IkeHeader header, TimeSpan now, List<IkeDatagram> output)
    {
        if (header.MessageId + 1 == sa.PeerNextRequestId && sa.CachedResponse is { } cached)
        {
            // RFC 7296 §2.1: a retransmitted request gets the same answer, not a second execution.
            RetransmittedAnswers++;
            Send(cached, output);
            return;
        }
        if (header.MessageId != sa.PeerNextRequestId)
        {
            Dropped++;
            return;
        }
        if (Silent)
        {
            RequestsIgnored++;
            return;
        }
        var payloads = Open(sa, message, header, response: false);
        if (payloads is null) return;
        if (header.Exchange != ExchangeType.Informational) throw new InvalidDataException($"the responder started {header.Exchange}");

        var answer = new List<IkePayload>();
        if (payloads.Count == 0) LivenessChecksAnswered++;
        foreach (var delete in payloads.OfType<DeletePayload>())
        {
            if (delete.Protocol == ProtocolId.Ike)
            {
                answer.Clear();
                State = InitiatorState.Deleted;
                DeletedByPeer = true;
                Children.Clear();
                break;
            }
            var ours = new List<byte[]>();
            foreach (var spi in delete.Spis)
            {
                var child = Children.Find(c => c.OutboundSpi == BinaryPrimitives.ReadUInt32BigEndian(spi));
                if (child is null) continue;
                Children.Remove(child);
                ours.Add(SpiBytes(child.InboundSpi));
            }
            if (ours.Count > 0) answer.Add(new DeletePayload(ProtocolId.Esp, ours));
        }
        var responseHeader = new IkeHeader(sa.InitiatorSpi, sa.ResponderSpi, PayloadType.Encrypted, header.Exchange,
            IkeFlags.Initiator | IkeFlags.Response, header.MessageId, 0);
        sa.CachedResponse = Protect(sa, responseHeader, answer);
        sa.PeerNextRequestId++;
        RequestsAnswered++;
        Send(sa.CachedResponse, output);
    }

    /// <summary>The responder deleted the IKE SA (RFC 7296 §1.4.1).</summary>
    public bool DeletedByPeer { get; private set; }
}
