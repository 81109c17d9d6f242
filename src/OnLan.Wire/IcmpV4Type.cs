namespace OnLan.Wire;

/// <summary>RFC 792 message types the gateway sends or answers.</summary>
public enum IcmpV4Type : byte
{
    EchoReply = 0,
    DestinationUnreachable = 3,
    EchoRequest = 8,
    TimeExceeded = 11,
}
