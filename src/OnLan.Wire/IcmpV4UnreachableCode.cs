namespace OnLan.Wire;

/// <summary>Codes of <see cref="IcmpV4Type.DestinationUnreachable"/> (RFC 792; 4 with a next-hop MTU per RFC 1191).</summary>
public enum IcmpV4UnreachableCode : byte
{
    NetUnreachable = 0,
    HostUnreachable = 1,
    ProtocolUnreachable = 2,
    PortUnreachable = 3,
    FragmentationNeeded = 4,
}
