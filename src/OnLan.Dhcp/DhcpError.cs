namespace OnLan.Dhcp;

/// <summary>
/// Why <see cref="DhcpMessage.TryParse"/> refused untrusted bytes. Parsers return this instead of throwing;
/// <see cref="None"/> means the view was built and every accessor on it is safe (README.md in this folder).
/// </summary>
public enum DhcpError : byte
{
    /// <summary>Parsed: the view is valid.</summary>
    None,
    /// <summary>Fewer than 240 bytes: the fixed BOOTP header (236) and the magic cookie (4) do not fit.</summary>
    Truncated,
    /// <summary>op is neither BOOTREQUEST (1) nor BOOTREPLY (2).</summary>
    BadOperation,
    /// <summary>hlen is above 16, the size of the chaddr field it describes.</summary>
    BadHardwareAddressLength,
    /// <summary>The four bytes after the fixed header are not 99.130.83.99: plain BOOTP, or not DHCP at all.</summary>
    BadMagicCookie,
    /// <summary>An option's code or length octet, or the value its length declares, runs past the end of the buffer.</summary>
    OptionOverrun,
    /// <summary>The options field has no END (255) option: the message was cut, or the sender is broken.</summary>
    MissingEnd,
}
