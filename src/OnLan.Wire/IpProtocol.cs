namespace OnLan.Wire;

/// <summary>IANA "Assigned Internet Protocol Numbers" the gateway names; others are carried as plain numbers.</summary>
public enum IpProtocol : byte
{
    Icmp = 1,
    Tcp = 6,
    Udp = 17,
    Esp = 50,
}
