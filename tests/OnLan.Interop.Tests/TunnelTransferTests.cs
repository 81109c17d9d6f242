using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using OnLan.Testing;
using OnLan.Testing.StrongSwan;
using static OnLan.Interop.Tests.TwoPortTopology;

namespace OnLan.Interop.Tests;

/// <summary>TCP through the tunnel between the strongSwan remote PC and the LAN host: every byte arrives, both ways.</summary>
public sealed class TunnelTransferTests : IDisposable
{
    internal static readonly long TransferBytes = long.TryParse(Environment.GetEnvironmentVariable("ONLAN_TRANSFER_MB"), out long mb) ? mb << 20 : 100L << 20;
    private readonly TwoPortTopology _net = new();

    public void Dispose() => _net.Dispose();

    [RootTheory]
    [InlineData(true, "aes256gcm16")]
    [InlineData(false, "aes256gcm16")]
    [InlineData(true, "aes256-sha256")]
    public void Hundred_megabytes_cross_the_tunnel_intact(bool fromRemotePc, string esp)
    {
        using var gateway = _net.StartVpnGateway();
        using var peer = _net.StartRoadWarrior(c => c with { EspProposals = esp });
        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);
        var remotePc = IPAddress.Parse(peer.VirtualIp!);
        var lanHost = IPAddress.Parse(LanHostAddress);

        var (receiverSpace, receiverAddress, senderSpace, senderTarget) = fromRemotePc
            ? (_net.LanHost, lanHost, _net.WanPeer, lanHost)
            : (_net.WanPeer, remotePc, _net.LanHost, remotePc);
        Socket listener;
        using (receiverSpace.Enter())
        {
            listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(receiverAddress, 5001));
            listener.Listen(1);
        }
        Socket sender;
        using (senderSpace.Enter()) sender = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        using (listener)
        using (sender)
        {
            var receive = Task.Run(() => ReceiveAll(listener));
            sender.Connect(new IPEndPoint(senderTarget, 5001));
            var send = Task.Run(() =>
            {
                var hash = SendAll(sender);
                sender.Shutdown(SocketShutdown.Send);
                return hash;
            });
            if (!Task.WaitAll([receive, send], TimeSpan.FromSeconds(60)))
            {
                gateway.Signal(10);
                Thread.Sleep(500);
                listener.Dispose();
                sender.Dispose();
                Assert.Fail("transfer did not finish in 60 s\n" + gateway.Log + "\n" +
                    _net.WanPeer.Run("grep -A1 '^Udp:' /proc/net/snmp; ip -s link show eth0; ip -s link show ipsec0").StdOut);
            }
            var (receivedBytes, receivedHash) = receive.Result;
            var sentHash = send.Result;

            Assert.Equal(TransferBytes, receivedBytes);
            Assert.Equal(Convert.ToHexString(sentHash), Convert.ToHexString(receivedHash));
        }
    }

    /// <summary>Sends TransferBytes of seeded random data and returns their SHA-256 (the receiver must see the same).</summary>
    internal static byte[] SendAll(Socket socket)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var random = new Random(42);
        var chunk = new byte[64 * 1024];
        for (long sent = 0; sent < TransferBytes; sent += chunk.Length)
        {
            random.NextBytes(chunk);
            hash.AppendData(chunk);
            socket.Send(chunk);
        }
        return hash.GetHashAndReset();
    }

    /// <summary>Accepts one connection and reads it to its end: byte count and SHA-256.</summary>
    internal static (long Bytes, byte[] Hash) ReceiveAll(Socket listener)
    {
        using var connection = listener.Accept();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[256 * 1024];
        long total = 0;
        int read;
        while ((read = connection.Receive(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
        }
        return (total, hash.GetHashAndReset());
    }
}
