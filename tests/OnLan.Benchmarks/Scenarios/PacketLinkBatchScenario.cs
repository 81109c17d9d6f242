using OnLan.Platform.Linux;
using OnLan.Ports;

namespace OnLan.Benchmarks.Scenarios;

/// <summary>PacketLink as the gateway uses it: sendmmsg of a full batch, recvmmsg into a batch.</summary>
public sealed class PacketLinkBatchScenario(int batchSize = 64) : IScenario
{
    public string Name => $"PacketLink mmsg x{batchSize}";

    public ScenarioResult Run(BenchTopology topology, BenchSettings settings)
    {
        (PacketLink sender, PacketLink receiver) = topology.InNamespace(() =>
            (PacketLink.Open(BenchTopology.SenderInterface, batchSize), PacketLink.Open(BenchTopology.ReceiverInterface, batchSize)));
        using (sender)
        using (receiver)
        {
            FrameBatch outbound = new(batchSize);
            while (!outbound.IsFull)
            {
                FramePattern.Write(outbound.NextSlot()[..settings.FrameLength], receiver.Address, sender.Address);
                outbound.Commit(settings.FrameLength);
            }
            FrameBatch inbound = new(batchSize);
            TimeSpan wait = TimeSpan.FromMilliseconds(100);
            return SenderReceiver.Run(
                settings,
                () => sender.Send(outbound),
                () =>
                {
                    int got = receiver.Receive(inbound, wait), ours = 0;
                    for (int i = 0; i < got; i++) if (FramePattern.IsOurs(inbound.Frame(i))) ours++;
                    return ours;
                });
        }
    }
}
