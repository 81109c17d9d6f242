using System.Net;
using System.Net.Sockets;
using OnLan.Dhcp;
using OnLan.Testing;
using OnLan.Wire;

namespace OnLan.Interop.Tests;

/// <summary>What Windows does after IKE_AUTH: a DHCPINFORM from its leased address to port 67, through the tunnel.</summary>
public static class DhcpInformClient
{
    /// <summary>Sends DHCPINFORM from <paramref name="leased"/>:68 to <paramref name="server"/>:67 (up to 3 tries) and returns the reply.</summary>
    public static byte[] Inform(NetworkNamespace space, Ipv4Address leased, Ipv4Address server, TimeSpan timeout)
    {
        Socket socket;
        using (space.Enter())
        {
            socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(leased.ToString()), 68));
        }
        using (socket)
        {
            var request = new byte[300];
            var writer = new DhcpMessageWriter(request);
            byte[] mac = [0x02, 0, 0, 0, 0, 0x68];
            Assert.True(writer.TryWriteHeader(DhcpOperation.BootRequest, 0x1234_5678, 0, leased, Ipv4Address.Any, Ipv4Address.Any,
                Ipv4Address.Any, 1, mac));
            writer.TryAppend(DhcpOptionCode.MessageType, (byte)DhcpMessageType.Inform);
            // Windows' list: mask, domain, router, DNS, NetBIOS, routes (both), search, vendor.
            writer.TryAppend(DhcpOptionCode.ParameterRequestList, [1, 15, 3, 6, 44, 121, 249, 119, 43]);
            Assert.True(writer.TryFinish(out int length));

            var target = new IPEndPoint(IPAddress.Parse(server.ToString()), 67);
            var buffer = new byte[1500];
            socket.ReceiveTimeout = (int)(timeout.TotalMilliseconds / 3);
            for (int attempt = 0; attempt < 3; attempt++)
            {
                socket.SendTo(request.AsSpan(0, length), target);
                try
                {
                    int received = socket.Receive(buffer);
                    return buffer.AsSpan(0, received).ToArray();
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
                {
                }
            }
            throw new Xunit.Sdk.XunitException($"no answer to DHCPINFORM from {leased} to {server}:67");
        }
    }

    /// <summary>The configuration options (1, 3, 6, 15, 44, 119, 121, 249) of a reply, decoded as a set.</summary>
    public static DhcpOptionSet ConfigurationOptions(DhcpMessage message)
    {
        var raw = new List<byte>();
        foreach (var option in message.EnumerateOptions())
        {
            if (option.Code is not (1 or 3 or 6 or 15 or 44 or 119 or 121 or 249)) continue;
            raw.Add(option.Code);
            raw.Add((byte)option.Value.Length);
            raw.AddRange(option.Value.ToArray());
        }
        raw.Add(255);
        Assert.True(DhcpOptionSet.TryDecodeRaw(raw.ToArray(), out var options, out string error), error);
        return options!;
    }
}
