namespace OnLan.Ports;

/// <summary>
/// Looks at packets for the port's own address before the host stack does (NAT on the WAN port: replies of the LAN's
/// flows carry the gateway's address). Called on the port's thread with the whole IPv4 packet (checked, not a
/// fragment); true when it took the packet (translated, or dropped and counted), false to let the host stack have it.
/// </summary>
public interface IInboundTranslator
{
    bool TryTake(Span<byte> packet, TimeSpan now, FrameBatch output);
}
