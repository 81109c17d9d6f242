using System.Buffers.Binary;
using OnLan.Ike;
using OnLan.Ike.Responder;
using OnLan.Ports;
using OnLan.Wire;

namespace OnLan.Vpn;

/// <summary>
/// IKE on the WAN port's UDP 500 and 4500, carried by the gateway's own UDP (no kernel socket). On 4500 a datagram
/// is IKE after the four-byte non-ESP marker, a NAT keepalive when it is the single byte 0xFF (RFC 3948 §2.2), and
/// ESP otherwise (handed to the data plane). Runs on the WAN port's thread.
/// </summary>
public sealed class IkeService : IUdpReceiver, IPortService
{
    private const int NonEspMarkerLength = 4;

    private readonly PortHost _wan;
    private readonly IkeResponder _responder;
    private readonly List<IkeDatagram> _output = [];

    private readonly IEspReceiver _esp;
    private readonly EspDataPlane? _dataPlane;
    private readonly List<uint> _expired = [];

    public IkeService(PortHost wan, IkeResponder responder, IEspReceiver esp, EspDataPlane? dataPlane = null)
    {
        _dataPlane = dataPlane;
        _wan = wan;
        _responder = responder;
        _esp = esp;
        wan.BindUdp(IkeEndpoint.IkePort, this);
        wan.BindUdp(IkeEndpoint.NatTraversalPort, this);
    }

    public IkeResponder Responder => _responder;
    public long NatKeepalives { get; private set; }
    public long EspDatagrams { get; private set; }
    public long OversizedDropped { get; private set; }

    public void Receive(in UdpReceiveContext context, Span<byte> payload, FrameBatch output)
    {
        var local = new IkeEndpoint(context.Destination, context.DestinationPort);
        var remote = new IkeEndpoint(context.Source, context.SourcePort);
        if (context.DestinationPort == IkeEndpoint.NatTraversalPort)
        {
            if (payload.Length == 1 && payload[0] == 0xFF)
            {
                NatKeepalives++;
                return;
            }
            if (payload.Length < NonEspMarkerLength || BinaryPrimitives.ReadUInt32BigEndian(payload) != 0)
            {
                // ESP in UDP (RFC 3948): the data plane's.
                EspDatagrams++;
                _esp.ReceiveEsp(payload, context.Source, context.Now, output);
                return;
            }
            payload = payload[NonEspMarkerLength..];
        }
        _responder.Receive(payload, local, remote, context.Now, _output);
        Flush(context.Now, output);
    }

    public void Poll(TimeSpan now, FrameBatch output)
    {
        if (_dataPlane is not null)
        {
            _expired.Clear();
            _dataPlane.CollectExpired(_expired);
            foreach (uint spi in _expired) _responder.DeleteChildSa(spi, now, _output);
        }
        _responder.Poll(now, _output);
        Flush(now, output);
    }

    /// <summary>Ends one IKE SA with a Delete to its peer (`clear session`); false when there is none with that SPI.</summary>
    public bool EndSession(ulong responderSpi, TimeSpan now, FrameBatch output)
    {
        if (_responder.Find(responderSpi) is not { } sa) return false;
        _responder.Delete(sa, now, _output);
        Flush(now, output);
        return true;
    }

    /// <summary>Ends every established IKE SA with a Delete to its peer (the pool reset); returns how many.</summary>
    public int EndAllSessions(TimeSpan now, FrameBatch output)
    {
        int ended = 0;
        foreach (var sa in _responder.Sas.ToArray())
        {
            if (sa.State != OnLan.Ike.Sa.IkeSaState.Established) continue;
            _responder.Delete(sa, now, _output);
            ended++;
        }
        Flush(now, output);
        return ended;
    }

    /// <summary>Ends every SA with a Delete to its peer (at shutdown).</summary>
    public void Stop(TimeSpan now, FrameBatch output)
    {
        _responder.DeleteAll(now, _output);
        Flush(now, output);
    }

    private void Flush(TimeSpan now, FrameBatch output)
    {
        foreach (var datagram in _output)
        {
            bool marker = datagram.Local.Port == IkeEndpoint.NatTraversalPort;
            int length = datagram.Message.Length + (marker ? NonEspMarkerLength : 0);
            if (Ipv4Repr.HeaderLength + UdpDatagram.HeaderLength + length > _wan.Mtu)
            {
                // We do not fragment IP: a peer that cannot do IKE fragmentation (RFC 7383) cannot get this message.
                OversizedDropped++;
                continue;
            }
            byte[] payload = datagram.Message;
            if (marker)
            {
                payload = new byte[length];
                datagram.Message.CopyTo(payload, NonEspMarkerLength);
            }
            _wan.SendUdp(datagram.Local.Port, datagram.Remote.Address, datagram.Remote.Port, payload, now, output);
        }
        _output.Clear();
    }
}
