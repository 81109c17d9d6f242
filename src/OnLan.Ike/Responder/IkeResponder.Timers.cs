using OnLan.Ike.Sa;

namespace OnLan.Ike.Responder;

public sealed partial class IkeResponder
{
    /// <summary>
    /// Runs every timer: half-open timeout, lifetime (= lease) expiry, liveness checks, retransmission of our own
    /// requests and giving up on a dead peer, and the cookie secret's rotation. Call it regularly (e.g. every 100 ms).
    /// </summary>
    public void Poll(TimeSpan now, List<IkeDatagram> output)
    {
        if (now >= _nextCookieRotation)
        {
            if (_nextCookieRotation != TimeSpan.Zero) _cookies.Rotate();
            _nextCookieRotation = now + CookieRotationInterval;
        }
        _due.Clear();
        foreach (var sa in _byResponderSpi.Values) _due.Add(sa);
        foreach (var sa in _due) PollSa(sa, now, output);
    }

    private static readonly TimeSpan CookieRotationInterval = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan RekeyedGrace = TimeSpan.FromSeconds(30);
    private TimeSpan _nextCookieRotation;
    private readonly List<IkeSa> _due = [];

    private void PollSa(IkeSa sa, TimeSpan now, List<IkeDatagram> output)
    {
        if (sa.AwaitingEap is { } eapWait)
        {
            ResumeEap(sa, eapWait, now, output);
            return;
        }
        if (sa.AwaitingAddress is { } wait)
        {
            // No other timer runs for an SA whose IKE_AUTH is not answered yet.
            ResumeAuth(sa, wait, now, output);
            return;
        }
        switch (sa.State)
        {
            case IkeSaState.HalfOpen when now - sa.Created >= _options.HalfOpenTimeout:
                Remove(sa, IkeSaEndReason.HalfOpenTimeout);
                return;
            case IkeSaState.Rekeyed when now - sa.LastHeard >= RekeyedGrace:
                // The initiator should have deleted the old SA after its rekey; forget it quietly.
                Remove(sa, IkeSaEndReason.Rekeyed);
                return;
            case IkeSaState.Established when now - sa.EstablishedAt >= _options.Lifetime:
                // Lease = SA lifetime: a client that did not rekey in time loses both.
                sa.PendingEndReason = IkeSaEndReason.Expired;
                Delete(sa, now, output);
                return;
        }

        if (sa.State == IkeSaState.Established)
        {
            foreach (var child in sa.Children.ToArray())
                if (now - child.Established >= _options.ChildLifetime) DeleteChildSa(child.InboundSpi, now, output);
        }

        if (sa.Outstanding is { } request)
        {
            if (now < request.NextRetransmit) return;
            if (request.Tries >= _options.RetransmitTries)
            {
                Counters.DeadPeers++;
                Remove(sa, sa.State == IkeSaState.Deleting ? sa.PendingEndReason ?? IkeSaEndReason.DeletedByUs : IkeSaEndReason.DeadPeer);
                return;
            }
            request.Tries++;
            request.Timeout += request.Timeout;
            request.NextRetransmit = now + request.Timeout;
            Counters.OwnRetransmissions++;
            foreach (var datagram in request.Datagrams) output.Add(new IkeDatagram(sa.Local, sa.Remote, datagram));
            return;
        }

        if (sa.State == IkeSaState.Established && _options.DpdInterval > TimeSpan.Zero && now - sa.LastHeard >= _options.DpdInterval)
        {
            Counters.LivenessChecksSent++;
            SendOwnRequest(sa, OwnRequestKind.LivenessCheck, [], now, output);
        }
    }

    /// <summary>Deletes every IKE SA (at shutdown): Deletes are sent, SAs removed at once.</summary>
    public void DeleteAll(TimeSpan now, List<IkeDatagram> output)
    {
        foreach (var sa in _byResponderSpi.Values.ToArray())
        {
            if (sa.State == IkeSaState.Established && sa.Outstanding is null && sa.AwaitingAddress is null)
                SendOwnRequest(sa, OwnRequestKind.DeleteIkeSa, [new Messages.DeletePayload(Messages.ProtocolId.Ike, [])], now, output);
            Remove(sa, IkeSaEndReason.Shutdown);
        }
    }
}
