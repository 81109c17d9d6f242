using OnLan.Dhcp;
using OnLan.Wire;

namespace OnLan.Dhcp.Tests;

/// <summary>Requests as remote PCs send them.</summary>
internal static class Requests
{
    public static readonly Ipv4Address Leased = Ipv4Address.Parse("198.18.0.200");
    public static readonly Ipv4Address Server = Ipv4Address.Parse("198.18.0.1");
    public static readonly byte[] Mac = [0x00, 0x15, 0x5d, 0x01, 0x02, 0x03];
    public const uint Xid = 0x3903F326;

    /// <summary>Parameter request list of Windows 10/11's DHCPINFORM over an IKEv2 adapter.</summary>
    public static readonly byte[] WindowsParameterRequestList = [1, 15, 3, 6, 44, 46, 47, 31, 33, 121, 249, 43];

    /// <summary>
    /// A DHCPINFORM as Windows sends one through an IKEv2 tunnel, laid out by hand from RFC 2131 §2 (not with
    /// <see cref="DhcpMessageWriter"/>, which it checks): 240 bytes of header and cookie, then 53, 61, 12, 60, 55, END.
    /// </summary>
    public static byte[] WindowsInform(Ipv4Address? ciaddr = null)
    {
        var bytes = new List<byte>
        {
            0x01, 0x01, 0x06, 0x00,             // op BOOTREQUEST, htype Ethernet, hlen 6, hops 0
            0x39, 0x03, 0xF3, 0x26,             // xid
            0x00, 0x00, 0x00, 0x00,             // secs, flags
        };
        var client = ciaddr ?? Leased;
        bytes.AddRange([(byte)(client.Value >> 24), (byte)(client.Value >> 16), (byte)(client.Value >> 8), (byte)client.Value]);
        bytes.AddRange(new byte[12]);           // yiaddr, siaddr, giaddr
        bytes.AddRange(Mac);
        bytes.AddRange(new byte[10]);           // chaddr padding
        bytes.AddRange(new byte[64 + 128]);     // sname, file
        bytes.AddRange([99, 130, 83, 99]);      // magic cookie
        bytes.AddRange([53, 1, 8]);             // DHCPINFORM
        bytes.AddRange([61, 7, 1, .. Mac]);     // client identifier: type 1 + MAC
        bytes.AddRange([12, 6, .. "LAPTOP"u8]); // host name
        bytes.AddRange([60, 8, .. "MSFT 5.0"u8]);
        bytes.AddRange([55, (byte)WindowsParameterRequestList.Length, .. WindowsParameterRequestList]);
        bytes.Add(255);
        return bytes.ToArray();
    }

    /// <summary>A request built with the writer: type, ciaddr, and options given as (code, value) pairs.</summary>
    public static byte[] Build(DhcpMessageType type, Ipv4Address ciaddr = default, ushort flags = 0, params (byte Code, byte[] Value)[] options)
    {
        var buffer = new byte[1024];
        var writer = new DhcpMessageWriter(buffer);
        Assert.True(writer.TryWriteHeader(DhcpOperation.BootRequest, Xid, flags, ciaddr, default, default, default, 1, Mac));
        Assert.True(writer.TryAppend(DhcpOptionCode.MessageType, (byte)type));
        foreach (var (code, value) in options)
            Assert.True(writer.TryAppend(code, value));
        Assert.True(writer.TryFinish(out int length));
        return buffer[..length];
    }

    public static byte[] Bytes(Ipv4Address address)
    {
        var bytes = new byte[4];
        address.WriteTo(bytes);
        return bytes;
    }
}
