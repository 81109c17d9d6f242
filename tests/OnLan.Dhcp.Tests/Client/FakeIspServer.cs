using System.Buffers.Binary;
using OnLan.Dhcp;
using OnLan.Wire;

namespace OnLan.Dhcp.Tests.Client;

/// <summary>
/// The ISP's DHCP server as far as the client can tell: replies built with <see cref="DhcpMessageWriter"/> to a
/// request the client sent, echoing its xid, flags and chaddr as RFC 2131 Table 3 says a server does.
/// </summary>
internal sealed class FakeIspServer
{
    public static readonly Ipv4Address ServerAddress = Ipv4Address.Parse("203.0.113.254");
    public static readonly Ipv4Address Offered = Ipv4Address.Parse("203.0.113.10");
    public static readonly Ipv4Address Router = Ipv4Address.Parse("203.0.113.1");
    public static readonly Ipv4Address Dns1 = Ipv4Address.Parse("203.0.113.53");
    public static readonly Ipv4Address Dns2 = Ipv4Address.Parse("9.9.9.9");
    public const string Domain = "isp.example";

    public uint LeaseSeconds { get; set; } = 3600;
    public uint? RenewalSeconds { get; set; } = 1800;
    public uint? RebindingSeconds { get; set; } = 3150;
    public Ipv4Address Mask { get; set; } = Ipv4Address.Parse("255.255.255.0");
    public bool SendServerIdentifier { get; set; } = true;

    public byte[] Offer(byte[] request, Ipv4Address? yiaddr = null) => Reply(request, DhcpMessageType.Offer, yiaddr ?? Offered);

    public byte[] Ack(byte[] request, Ipv4Address? yiaddr = null) => Reply(request, DhcpMessageType.Ack, yiaddr ?? Offered);

    /// <summary>RFC 2131 Table 3: a NAK has yiaddr 0 and, of the options, only 53 and 54.</summary>
    public byte[] Nak(byte[] request) => Reply(request, DhcpMessageType.Nak, Ipv4Address.Any, withConfiguration: false);

    public byte[] Reply(byte[] request, DhcpMessageType type, Ipv4Address yiaddr, bool withConfiguration = true,
        uint? transactionId = null, byte[]? chaddr = null)
    {
        Assert.Equal(DhcpError.None, DhcpMessage.TryParse(request, out var message));
        var buffer = new byte[1024];
        var writer = new DhcpMessageWriter(buffer);
        Assert.True(writer.TryWriteHeader(DhcpOperation.BootReply, transactionId ?? message.TransactionId, message.Flags,
            type == DhcpMessageType.Nak ? default : message.ClientAddress, yiaddr, default, default, 1,
            chaddr ?? message.ClientHardwareAddress.ToArray()));
        Assert.True(writer.TryAppend(DhcpOptionCode.MessageType, (byte)type));
        if (SendServerIdentifier) Assert.True(writer.TryAppend(DhcpOptionCode.ServerIdentifier, ServerAddress));
        if (withConfiguration)
        {
            Assert.True(writer.TryAppend(DhcpOptionCode.LeaseTime, LeaseSeconds));
            if (RenewalSeconds is { } t1) Assert.True(writer.TryAppend(DhcpOptionCode.RenewalTime, t1));
            if (RebindingSeconds is { } t2) Assert.True(writer.TryAppend(DhcpOptionCode.RebindingTime, t2));
            Assert.True(writer.TryAppend(DhcpOptionCode.SubnetMask, Mask));
            Assert.True(writer.TryAppend(DhcpOptionCode.Router, Router));
            var dns = new byte[8];
            Dns1.WriteTo(dns);
            Dns2.WriteTo(dns.AsSpan(4));
            Assert.True(writer.TryAppend(DhcpOptionCode.DomainNameServer, dns));
            Assert.True(writer.TryAppend(DhcpOptionCode.DomainName, [.. "isp.example"u8, 0])); // some servers add a NUL
        }
        Assert.True(writer.TryFinish(out int length));
        return buffer[..length];
    }

    public static uint ReadUInt32(ReadOnlySpan<byte> value) => BinaryPrimitives.ReadUInt32BigEndian(value);
}
