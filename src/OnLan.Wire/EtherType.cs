namespace OnLan.Wire;

/// <summary>IEEE 802.3 EtherType values the gateway names; any other value is carried through as a plain number.</summary>
public enum EtherType : ushort
{
    Ipv4 = 0x0800,
    Arp = 0x0806,
    /// <summary>IEEE 802.1Q customer VLAN tag.</summary>
    Vlan = 0x8100,
    /// <summary>IEEE 802.1ad service VLAN tag (Q-in-Q).</summary>
    QinQ = 0x88A8,
    Ipv6 = 0x86DD,
}
