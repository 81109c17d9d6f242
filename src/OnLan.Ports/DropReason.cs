namespace OnLan.Ports;

/// <summary>
/// Every reason a port refuses a frame. Each has its own counter (<see cref="PortCounters"/>): a malformed or
/// unwanted frame is counted and dropped, never logged one by one and never an exception.
/// </summary>
public enum DropReason
{
    // Ethernet
    FrameTooShort,
    VlanTagged,
    NotAddressedToUs,
    UnsupportedEtherType,

    // ARP
    ArpTruncated,
    ArpBadFormat,
    ArpBadOperation,
    ArpBadSender,
    ArpForOtherHost,
    ArpAddressConflict,
    ArpProxyConflict,

    // IPv4
    Ipv4Truncated,
    Ipv4BadVersion,
    Ipv4BadHeaderLength,
    Ipv4BadTotalLength,
    Ipv4BadChecksum,
    Ipv4BadSource,
    Ipv4NotForUs,
    Ipv4Fragment,
    Ipv4UnsupportedProtocol,
    Ipv4TtlExpired,
    Ipv4TooBigForPath,

    // ICMP
    IcmpTruncated,
    IcmpBadChecksum,
    IcmpEchoToBroadcast,
    IcmpIgnoredType,

    // UDP
    UdpTruncated,
    UdpBadLength,
    UdpBadChecksum,
    UdpNoListener,

    // Sending
    NoRoute,
    ArpUnresolved,
    ArpQueueFull,
    OutputFull,
    IcmpErrorRateLimited,
}

public static class DropReasons
{
    public const int Count = (int)DropReason.IcmpErrorRateLimited + 1;

    /// <summary>Kebab-case name for counters and logs ("ipv4-bad-checksum").</summary>
    public static string Name(DropReason reason) => Names[(int)reason];

    private static readonly string[] Names = BuildNames();

    private static string[] BuildNames()
    {
        var names = new string[Count];
        for (int i = 0; i < Count; i++)
        {
            string pascal = ((DropReason)i).ToString();
            var text = new System.Text.StringBuilder();
            for (int c = 0; c < pascal.Length; c++)
            {
                if (c > 0 && char.IsUpper(pascal[c])) text.Append('-');
                text.Append(char.ToLowerInvariant(pascal[c]));
            }
            names[i] = text.ToString();
        }
        return names;
    }
}
