using System.Buffers.Binary;
using OnLan.Wire;

namespace OnLan.Dhcp;

/// <summary>
/// A read-only view over a DHCP message (RFC 2131 §2), the payload of a UDP datagram to port 67 or 68.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +---------------+---------------+---------------+---------------+
/// |     op (1)    |   htype (1)   |   hlen (1)    |   hops (1)    |
/// +---------------+---------------+---------------+---------------+
/// |                            xid (4)                            |
/// +-------------------------------+-------------------------------+
/// |           secs (2)            |           flags (2)           |
/// +-------------------------------+-------------------------------+
/// |                          ciaddr  (4)                          |
/// +---------------------------------------------------------------+
/// |                          yiaddr  (4)                          |
/// +---------------------------------------------------------------+
/// |                          siaddr  (4)                          |
/// +---------------------------------------------------------------+
/// |                          giaddr  (4)                          |
/// +---------------------------------------------------------------+
/// |                          chaddr  (16)                         |
/// +---------------------------------------------------------------+
/// |                          sname   (64)                         |
/// +---------------------------------------------------------------+
/// |                          file    (128)                        |
/// +---------------------------------------------------------------+
/// |                 magic cookie 99.130.83.99 (4)                 |
/// +---------------------------------------------------------------+
/// |                          options (variable)                   |
/// +---------------------------------------------------------------+
/// </code>
/// </summary>
/// <remarks>
/// <para>Read-only, unlike the views in OnLan.Wire: the gateway never edits a DHCP message in place, it writes each
/// reply afresh with <see cref="DhcpMessageWriter"/>. So the view takes a <see cref="ReadOnlySpan{T}"/> and works
/// over a received datagram's payload as well as over a copy.</para>
/// <para>Decisions <see cref="TryParse"/> takes for the gateway: the END option is required (every message cut short
/// is refused, whatever its length); bytes after END are padding and ignored; option overload (52) is not honoured,
/// so options a sender put into sname or file are not seen (no client of ours does that for the messages we
/// answer); split options (RFC 3396) are yielded instance by instance and the helpers read the first instance.</para>
/// </remarks>
public readonly ref struct DhcpMessage
{
    /// <summary>The fixed BOOTP part, op through file.</summary>
    public const int FixedHeaderLength = 236;
    /// <summary>Fixed part and magic cookie: where the options start.</summary>
    public const int OptionsOffset = 240;
    /// <summary>Shortest message <see cref="TryParse"/> accepts: fixed part, cookie and END.</summary>
    public const int MinimumLength = OptionsOffset + 1;
    public const uint MagicCookie = 0x63825363; // 99.130.83.99
    /// <summary>The broadcast bit of the flags field (RFC 2131 §2, figure 2).</summary>
    public const ushort BroadcastFlag = 0x8000;
    public const int ClientHardwareAddressFieldLength = 16;
    public const int ServerNameLength = 64;
    public const int BootFileNameLength = 128;

    internal const int OperationOffset = 0;
    internal const int HardwareTypeOffset = 1;
    internal const int HardwareAddressLengthOffset = 2;
    internal const int HopsOffset = 3;
    internal const int TransactionIdOffset = 4;
    internal const int SecondsOffset = 8;
    internal const int FlagsOffset = 10;
    internal const int ClientAddressOffset = 12;
    internal const int YourAddressOffset = 16;
    internal const int ServerAddressOffset = 20;
    internal const int RelayAgentAddressOffset = 24;
    internal const int ClientHardwareAddressOffset = 28;
    internal const int ServerNameOffset = 44;
    internal const int BootFileNameOffset = 108;
    internal const int MagicCookieOffset = 236;

    private readonly ReadOnlySpan<byte> _message;
    // Options up to, not including, END: fixed at parse time so no accessor can walk past what was checked.
    private readonly ReadOnlySpan<byte> _options;

    private DhcpMessage(ReadOnlySpan<byte> message, ReadOnlySpan<byte> options)
    {
        _message = message;
        _options = options;
    }

    /// <summary>
    /// Checks <paramref name="buffer"/> (a UDP payload) and builds a view over it. In this order: fewer than 240
    /// bytes → <see cref="DhcpError.Truncated"/>; op not 1 or 2 → <see cref="DhcpError.BadOperation"/>; hlen above
    /// 16 → <see cref="DhcpError.BadHardwareAddressLength"/>; wrong cookie → <see cref="DhcpError.BadMagicCookie"/>;
    /// an option running past the end → <see cref="DhcpError.OptionOverrun"/>; no END →
    /// <see cref="DhcpError.MissingEnd"/>.
    /// </summary>
    public static DhcpError TryParse(ReadOnlySpan<byte> buffer, out DhcpMessage message)
    {
        message = default;
        if (buffer.Length < OptionsOffset)
            return DhcpError.Truncated;
        if (buffer[OperationOffset] is not ((byte)DhcpOperation.BootRequest or (byte)DhcpOperation.BootReply))
            return DhcpError.BadOperation;
        if (buffer[HardwareAddressLengthOffset] > ClientHardwareAddressFieldLength)
            return DhcpError.BadHardwareAddressLength;
        if (BinaryPrimitives.ReadUInt32BigEndian(buffer[MagicCookieOffset..]) != MagicCookie)
            return DhcpError.BadMagicCookie;
        var options = buffer[OptionsOffset..];
        var walk = new DhcpOptionEnumerator(options);
        while (walk.MoveNext()) { }
        if (walk.Overran)
            return DhcpError.OptionOverrun;
        if (walk.EndOffset < 0)
            return DhcpError.MissingEnd;
        message = new DhcpMessage(buffer, options[..walk.EndOffset]);
        return DhcpError.None;
    }

    /// <summary>The whole buffer given to <see cref="TryParse"/>, padding after END included.</summary>
    public ReadOnlySpan<byte> Bytes => _message;

    public DhcpOperation Operation => (DhcpOperation)_message[OperationOffset];
    /// <summary>htype: 1 for Ethernet (ARP hardware types, RFC 1700).</summary>
    public byte HardwareType => _message[HardwareTypeOffset];
    public byte HardwareAddressLength => _message[HardwareAddressLengthOffset];
    public byte Hops => _message[HopsOffset];
    /// <summary>xid: chosen by the client, echoed in every reply.</summary>
    public uint TransactionId => BinaryPrimitives.ReadUInt32BigEndian(_message[TransactionIdOffset..]);
    public ushort Seconds => BinaryPrimitives.ReadUInt16BigEndian(_message[SecondsOffset..]);
    public ushort Flags => BinaryPrimitives.ReadUInt16BigEndian(_message[FlagsOffset..]);
    public bool IsBroadcast => (Flags & BroadcastFlag) != 0;
    /// <summary>ciaddr: the client's address, when it already has one (BOUND, RENEW, REBIND, INFORM).</summary>
    public Ipv4Address ClientAddress => Ipv4Address.Read(_message[ClientAddressOffset..]);
    /// <summary>yiaddr: the address a server offers or assigns.</summary>
    public Ipv4Address YourAddress => Ipv4Address.Read(_message[YourAddressOffset..]);
    /// <summary>siaddr: next server in bootstrap.</summary>
    public Ipv4Address ServerAddress => Ipv4Address.Read(_message[ServerAddressOffset..]);
    /// <summary>giaddr: the relay agent's address, 0 when none relayed the message.</summary>
    public Ipv4Address RelayAgentAddress => Ipv4Address.Read(_message[RelayAgentAddressOffset..]);
    /// <summary>chaddr cut to hlen (checked at parse time to be at most 16).</summary>
    public ReadOnlySpan<byte> ClientHardwareAddress => _message.Slice(ClientHardwareAddressOffset, HardwareAddressLength);
    /// <summary>All 16 bytes of chaddr, as a reply must echo them.</summary>
    public ReadOnlySpan<byte> ClientHardwareAddressField => _message.Slice(ClientHardwareAddressOffset, ClientHardwareAddressFieldLength);
    public ReadOnlySpan<byte> ServerName => _message.Slice(ServerNameOffset, ServerNameLength);
    public ReadOnlySpan<byte> BootFileName => _message.Slice(BootFileNameOffset, BootFileNameLength);

    /// <summary>The options field up to, not including, END; every option in it is whole.</summary>
    public ReadOnlySpan<byte> Options => _options;

    /// <summary>Each option instance in order, PAD skipped: <c>foreach (var (code, value) in message.EnumerateOptions())</c>.</summary>
    public DhcpOptionEnumerator EnumerateOptions() => new(_options);

    /// <summary>The value of the first instance of option <paramref name="code"/>; false when there is none.</summary>
    public bool TryGetOption(byte code, out ReadOnlySpan<byte> value)
    {
        foreach (var option in EnumerateOptions())
        {
            if (option.Code == code)
            {
                value = option.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>Option 53; <see cref="DhcpMessageType.None"/> when absent or not one octet (BOOTP).</summary>
    public DhcpMessageType MessageType =>
        TryGetOption(DhcpOptionCode.MessageType, out var value) && value.Length == 1 ? (DhcpMessageType)value[0] : DhcpMessageType.None;

    /// <summary>Option 55: the codes the client asks for, in its order of preference; empty when absent.</summary>
    public ReadOnlySpan<byte> ParameterRequestList =>
        TryGetOption(DhcpOptionCode.ParameterRequestList, out var value) ? value : default;

    /// <summary>Option 61 (type octet, then the identifier); empty when absent.</summary>
    public ReadOnlySpan<byte> ClientIdentifier =>
        TryGetOption(DhcpOptionCode.ClientIdentifier, out var value) ? value : default;

    /// <summary>Option 12, the client's host name as sent (not necessarily ASCII); empty when absent.</summary>
    public ReadOnlySpan<byte> HostName =>
        TryGetOption(DhcpOptionCode.HostName, out var value) ? value : default;

    /// <summary>Option 50; null when absent or not four octets.</summary>
    public Ipv4Address? RequestedAddress => ReadAddressOption(DhcpOptionCode.RequestedAddress);

    /// <summary>Option 54; null when absent or not four octets.</summary>
    public Ipv4Address? ServerIdentifier => ReadAddressOption(DhcpOptionCode.ServerIdentifier);

    private Ipv4Address? ReadAddressOption(byte code) =>
        TryGetOption(code, out var value) && value.Length == Ipv4Address.Length ? Ipv4Address.Read(value) : null;
}
