namespace OnLan.Dhcp;

/// <summary>The BOOTP op field (RFC 951, RFC 2131 §2).</summary>
public enum DhcpOperation : byte
{
    BootRequest = 1,
    BootReply = 2,
}
