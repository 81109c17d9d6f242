namespace OnLan.Routing.Nat;

// TCP connection tracking: just enough state to choose a timeout (RFC 5382 §5), in the smoltcp style of one rule per
// (state, segment) case. Sequence numbers are not checked: the endpoints do that, and a NAT that judged windows
// would need per-flow window state for no gain in what it forwards.
public sealed partial class NatTable
{
    private static class TcpFlags
    {
        public const byte Fin = 0x01;
        public const byte Syn = 0x02;
        public const byte Rst = 0x04;
        public const byte Ack = 0x10;
    }

    private static void TrackTcp(ref Flow flow, byte segment, bool fromInitiator)
    {
        bool syn = (segment & TcpFlags.Syn) != 0, ack = (segment & TcpFlags.Ack) != 0;

        // RST, either way: the connection is gone (its endpoints checked the sequence number).
        if ((segment & TcpFlags.Rst) != 0)
        {
            flow.TcpState = TcpConnectionState.Closed;
            return;
        }

        switch (flow.TcpState)
        {
            // A fresh SYN from the initiator after the close: the 4-tuple is reused (RFC 1122 §4.2.2.13).
            case TcpConnectionState.TimeWait or TcpConnectionState.Closed when fromInitiator && syn && !ack:
                flow.TcpState = TcpConnectionState.SynSent;
                flow.Flags &= ~(FlowFlags.FinFromInitiator | FlowFlags.FinFromResponder);
                return;
            // The responder's SYN-ACK — or any ACK from it, for a flow picked up mid-stream after a restart.
            case TcpConnectionState.SynSent when !fromInitiator && ack:
                flow.TcpState = TcpConnectionState.Established;
                break;
        }

        // FIN from one side half-closes; FIN from both leaves only the final ACKs.
        if ((segment & TcpFlags.Fin) != 0 && flow.TcpState is TcpConnectionState.SynSent or TcpConnectionState.Established or TcpConnectionState.FinWait)
        {
            flow.Flags |= fromInitiator ? FlowFlags.FinFromInitiator : FlowFlags.FinFromResponder;
            const FlowFlags both = FlowFlags.FinFromInitiator | FlowFlags.FinFromResponder;
            flow.TcpState = (flow.Flags & both) == both ? TcpConnectionState.TimeWait : TcpConnectionState.FinWait;
        }
    }
}
