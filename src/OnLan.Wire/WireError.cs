namespace OnLan.Wire;

/// <summary>
/// Why a parser refused untrusted bytes. Parsers return this instead of throwing; <see cref="None"/> means the view
/// was built and every accessor on it is safe. See README.md in this folder for the whole contract.
/// </summary>
public enum WireError : byte
{
    /// <summary>Parsed: the view is valid.</summary>
    None,
    /// <summary>The buffer is shorter than the fixed header, or than a length the header itself declares.</summary>
    Truncated,
    /// <summary>An IEEE 802.1Q / 802.1ad tag (EtherType 0x8100, 0x88A8 or 0x9100): recognised and refused, we do not do VLANs.</summary>
    VlanTagged,
    /// <summary>ARP for something other than Ethernet (htype 1, hlen 6) and IPv4 (ptype 0x0800, plen 4).</summary>
    BadArpFormat,
    /// <summary>The IP version nibble is not 4.</summary>
    BadVersion,
    /// <summary>The IPv4 IHL is below 5 (a header shorter than 20 bytes).</summary>
    BadHeaderLength,
    /// <summary>The IPv4 total length is smaller than the header it must contain.</summary>
    BadTotalLength,
    /// <summary>An Internet checksum (IPv4 header, ICMP message, UDP with pseudo-header) does not verify.</summary>
    BadChecksum,
    /// <summary>A length field smaller than the header it must contain (UDP length below 8).</summary>
    BadLength,
}
