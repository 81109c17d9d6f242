using OnLan.Wire;

namespace OnLan.Ports;

/// <summary>
/// Sees the ARP traffic of a port (the address prober: is anybody on the LAN using the address we are about to
/// hand out?). Called on the port's thread for every well-formed ARP packet from another host, before the host stack
/// acts on it; it must not keep the packet.
/// </summary>
public interface IArpWatcher
{
    void ArpSeen(ArpOperation operation, MacAddress senderMac, Ipv4Address senderAddress, Ipv4Address targetAddress);
}
