using OnLan.Platform.Linux;
using OnLan.Ports;
using OnLan.Testing;
using OnLan.Wire;

namespace OnLan.Benchmarks.Scenarios;

/// <summary>
/// The gateway's port under load: a host on bench0 floods ICMP echo requests at the gateway's port on bench1,
/// which runs the real <see cref="PortHost"/> loop (recvmmsg → ARP/IPv4/ICMP → sendmmsg) on its own thread;
/// the figure is echo replies received back per second.
/// </summary>
public sealed class EchoThroughPortScenario(int batchSize = 64) : IScenario
{
    private static readonly Ipv4Prefix GatewayAddress = new(Ipv4Address.Parse("198.18.0.1"), 24);
    private static readonly Ipv4Address HostAddress = Ipv4Address.Parse("198.18.0.10");

    public string Name => "gateway port: echo replies";

    public ScenarioResult Run(BenchTopology topology, BenchSettings settings)
    {
        (PacketLink tester, PacketLink port) = topology.InNamespace(() =>
            (PacketLink.Open(BenchTopology.SenderInterface, batchSize), PacketLink.Open(BenchTopology.ReceiverInterface, batchSize)));
        using (tester)
        using (port)
        {
            var host = new PortHost("bench", port.Address, GatewayAddress, null, port.Mtu);
            var stopGateway = new CancellationTokenSource();
            var gateway = new Thread(() => Serve(port, host, batchSize, stopGateway.Token)) { IsBackground = true, Name = "bench gateway" };
            gateway.Start();

            // Introduce the host first, so replies need no resolution.
            var hello = new FrameBatch(1);
            hello.TryAdd(Frames.ArpRequest(tester.Address, HostAddress, GatewayAddress.Address));
            tester.Send(hello);

            var requests = new FrameBatch(batchSize);
            int dataLength = Math.Max(0, settings.FrameLength - EthernetFrame.HeaderLength - Ipv4Repr.HeaderLength - IcmpV4Packet.HeaderLength);
            for (ushort i = 0; !requests.IsFull; i++)
                requests.TryAdd(Frames.EchoRequest(tester.Address, port.Address, HostAddress, GatewayAddress.Address, 0xBE, i, dataLength));
            var replies = new FrameBatch(batchSize);
            var wait = TimeSpan.FromMilliseconds(100);
            Thread.Sleep(50);

            var result = SenderReceiver.Run(
                settings,
                () => tester.Send(requests),
                () =>
                {
                    int got = tester.Receive(replies, wait), echoes = 0;
                    for (int i = 0; i < got; i++) if (IsEchoReply(replies.Frame(i))) echoes++;
                    return echoes;
                });
            stopGateway.Cancel();
            gateway.Join(TimeSpan.FromSeconds(5));
            return result;
        }
    }

    // The same loop as the gateway's PortWorker (src/OnLan), with a stop token instead of a signal.
    private static void Serve(PacketLink link, PortHost host, int batchSize, CancellationToken stop)
    {
        var input = new FrameBatch(batchSize);
        var output = new FrameBatch(128);
        var epoch = System.Diagnostics.Stopwatch.GetTimestamp();
        while (!stop.IsCancellationRequested)
        {
            int received = link.Receive(input, TimeSpan.FromMilliseconds(50));
            var now = System.Diagnostics.Stopwatch.GetElapsedTime(epoch);
            for (int i = 0; i < received; i++)
            {
                host.Receive(input.Frame(i), now, output);
                if (output.IsFull) { link.Send(output); output.Clear(); }
            }
            host.Poll(now, output);
            if (output.Count > 0) { link.Send(output); output.Clear(); }
        }
    }

    private static bool IsEchoReply(Span<byte> frame) =>
        EthernetFrame.TryParse(frame, out var ethernet) == WireError.None && ethernet.EtherType == EtherType.Ipv4 &&
        Ipv4Packet.TryParse(ethernet.Payload, out var ip) == WireError.None && ip.Protocol == IpProtocol.Icmp &&
        ip.Payload.Length > 0 && ip.Payload[0] == (byte)IcmpV4Type.EchoReply;
}
