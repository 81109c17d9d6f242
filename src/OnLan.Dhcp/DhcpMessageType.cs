namespace OnLan.Dhcp;

/// <summary>The value of option 53, DHCP Message Type (RFC 2132 §9.6).</summary>
public enum DhcpMessageType : byte
{
    /// <summary>Not a value on the wire: option 53 is absent or not one octet long (a BOOTP message).</summary>
    None = 0,
    Discover = 1,
    Offer = 2,
    Request = 3,
    Decline = 4,
    Ack = 5,
    Nak = 6,
    Release = 7,
    Inform = 8,
}
