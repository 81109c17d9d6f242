using System.Buffers.Binary;
using OnLan.Ike.Messages;
using OnLan.Ike.Sa;

namespace OnLan.Ike.Responder;

public sealed partial class IkeResponder
{
    // INFORMATIONAL (RFC 7296 §1.4):
    //   HDR, SK {}                       -->   <--  HDR, SK {}            liveness check
    //   HDR, SK {D(IKE)}                 -->   <--  HDR, SK {}            the IKE SA and its children end
    //   HDR, SK {D(ESP, SPI...)}         -->   <--  HDR, SK {D(ESP, our SPIs of the same pairs)}
    private List<IkePayload> HandleInformational(IkeSa sa, List<IkePayload> request)
    {
        var response = new List<IkePayload>();
        foreach (var delete in request.OfType<DeletePayload>())
        {
            if (delete.Protocol == ProtocolId.Ike)
            {
                // Answered with an empty response; the SA is removed once that is out (AfterResponse). After an IKE
                // rekey this is the normal end of the old SA: its children and lease live on in the successor.
                sa.PendingEndReason = sa.State == IkeSaState.Rekeyed ? IkeSaEndReason.Rekeyed : IkeSaEndReason.DeletedByPeer;
                sa.State = IkeSaState.Dead;
                return [];
            }
            if (delete.Protocol != ProtocolId.Esp) continue;
            var ours = new List<byte[]>();
            foreach (var spiBytes in delete.Spis)
            {
                if (spiBytes.Length != 4) continue;
                uint peerInbound = BinaryPrimitives.ReadUInt32BigEndian(spiBytes);
                var child = sa.Children.Find(c => c.OutboundSpi == peerInbound);
                if (child is null) continue; // already gone (RFC 7296 §1.4.1: no error for that)
                ours.Add(SpiBytes(child.InboundSpi));
                RemoveChild(sa, child);
            }
            if (ours.Count > 0) response.Add(new DeletePayload(ProtocolId.Esp, ours));
        }
        return response;
    }

    // What happens after a response went out: an SA the peer deleted, or that failed authentication, is removed now.
    private void AfterResponse(IkeSa sa)
    {
        if (sa.State == IkeSaState.Dead) Remove(sa, sa.PendingEndReason ?? IkeSaEndReason.AuthenticationFailed);
    }

    // Responses to our own requests (liveness checks, deletes): the Message ID must be the one outstanding.
    private void ReceiveResponse(IkeSa sa, ReadOnlySpan<byte> message, IkeHeader header, TimeSpan now)
    {
        var outstanding = sa.Outstanding;
        if (outstanding is null || header.MessageId != outstanding.MessageId)
        {
            Counters.Drop(IkeDrop.UnexpectedResponse);
            return;
        }
        var inner = Unprotect(sa, message, header, out var firstInner);
        if (inner is null) return;
        _scratch.Clear();
        var error = IkeMessageCodec.TryParsePayloads(inner, firstInner, _scratch, out _);
        if (error != IkeError.None)
        {
            Counters.Drop(BadInputPolicy.DropReason(error));
            return;
        }
        sa.Outstanding = null;
        sa.LastHeard = now;
        if (outstanding.Kind == OwnRequestKind.DeleteIkeSa) Remove(sa, sa.PendingEndReason ?? IkeSaEndReason.DeletedByUs);
    }

    /// <summary>Sends an INFORMATIONAL request of ours (empty = liveness check, or a Delete) and tracks it for retransmission.</summary>
    private void SendOwnRequest(IkeSa sa, OwnRequestKind kind, List<IkePayload> payloads, TimeSpan now, List<IkeDatagram> output)
    {
        // We are the original responder: the I flag stays clear on everything we send (RFC 7296 §3.1).
        var header = new IkeHeader(sa.InitiatorSpi, sa.ResponderSpi, PayloadType.Encrypted, ExchangeType.Informational, IkeFlags.None,
            sa.NextOwnRequestId, 0);
        var datagrams = Protect(sa, header, payloads);
        sa.Outstanding = new OwnRequest(sa.NextOwnRequestId, kind, datagrams, now, _options.RetransmitTimeout);
        sa.NextOwnRequestId++;
        foreach (var datagram in datagrams) output.Add(new IkeDatagram(sa.Local, sa.Remote, datagram));
    }

    /// <summary>
    /// Ends one Child SA from our side (its ESP lifetime ran out, RFC 4303 §3.3.3: sequence numbers never cycle):
    /// it leaves the data plane at once and the peer is told with a Delete (RFC 7296 §1.4.1). While another request
    /// of ours is outstanding the peer is not told (one request at a time); it learns at its next use of the SA.
    /// </summary>
    public void DeleteChildSa(uint inboundSpi, TimeSpan now, List<IkeDatagram> output)
    {
        if (!_childrenByInboundSpi.TryGetValue(inboundSpi, out var owner)) return;
        var (sa, child) = owner;
        RemoveChild(sa, child);
        if (sa.State == IkeSaState.Established && sa.Outstanding is null)
            SendOwnRequest(sa, OwnRequestKind.DeleteChildSa, [new DeletePayload(ProtocolId.Esp, [SpiBytes(inboundSpi)])], now, output);
    }

    /// <summary>Ends an IKE SA from our side: a Delete to the peer, then removal when it answers or stays silent.</summary>
    public void Delete(IkeSa sa, TimeSpan now, List<IkeDatagram> output)
    {
        if (sa.State is IkeSaState.Dead or IkeSaState.Deleting) return;
        if (sa.State == IkeSaState.HalfOpen || sa.Outstanding is not null || sa.AwaitingAddress is not null)
        {
            // Nothing to tell a half-open peer, and one request at a time: just end it.
            Remove(sa, IkeSaEndReason.DeletedByUs);
            return;
        }
        sa.State = IkeSaState.Deleting;
        SendOwnRequest(sa, OwnRequestKind.DeleteIkeSa, [new DeletePayload(ProtocolId.Ike, [])], now, output);
    }

    /// <summary>Removes the SA everywhere: its Child SAs leave the data plane, its lease goes back to the pool.</summary>
    private void Remove(IkeSa sa, IkeSaEndReason reason)
    {
        if (!_byResponderSpi.Remove(sa.ResponderSpi)) return;
        if (sa.State == IkeSaState.HalfOpen || _halfOpenByInitiator.TryGetValue((sa.InitiatorSpi, sa.InitRemote), out var same) && same == sa)
            LeaveHalfOpen(sa);
        foreach (var child in sa.Children.ToArray()) RemoveChild(sa, child);
        if (sa.Eap is { } rounds)
        {
            // An EAP method that asks a server stops asking.
            rounds.Server.Cancel();
            sa.AwaitingEap = null;
        }
        if (sa.AwaitingAddress is not null)
        {
            _addresses.Cancel(sa.ResponderSpi);
            sa.AwaitingAddress = null;
        }
        if (sa.LeasedAddress is { } address)
        {
            _addresses.Release(address);
            sa.LeasedAddress = null;
        }
        sa.State = IkeSaState.Dead;
        if (reason != IkeSaEndReason.HalfOpenTimeout) Counters.SasDeleted++;
        if (sa.WasEstablished) Events?.Invoke(new IkeSaEvent(sa, Established: false, Reason: reason));
    }
}
