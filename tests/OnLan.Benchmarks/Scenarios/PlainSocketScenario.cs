using System.Runtime.InteropServices;
using OnLan.Platform.Linux;

namespace OnLan.Benchmarks.Scenarios;

/// <summary>Reference: one send() per frame on bench0, one recv() per frame on bench1.</summary>
public sealed unsafe class PlainSocketScenario : IScenario
{
    public string Name => "send()/recv() per frame";

    public ScenarioResult Run(BenchTopology topology, BenchSettings settings)
    {
        (RawPacketSocket sender, RawPacketSocket receiver, Wire.MacAddress source, Wire.MacAddress destination) = topology.InNamespace(() =>
        {
            using PacketLink a = PacketLink.Open(BenchTopology.SenderInterface);
            using PacketLink b = PacketLink.Open(BenchTopology.ReceiverInterface);
            return (RawPacketSocket.Open(BenchTopology.SenderInterface), RawPacketSocket.Open(BenchTopology.ReceiverInterface), a.Address, b.Address);
        });
        using (sender)
        using (receiver)
        {
            byte* frame = (byte*)NativeMemory.Alloc((nuint)settings.FrameLength);
            byte* buffer = (byte*)NativeMemory.Alloc(2048);
            try
            {
                FramePattern.Write(new Span<byte>(frame, settings.FrameLength), destination, source);
                int length = settings.FrameLength;
                return SenderReceiver.Run(
                    settings,
                    () => sender.Send(frame, length) ? 1 : 0,
                    () =>
                    {
                        int got = receiver.Receive(buffer, 2048);
                        return got > 0 && FramePattern.IsOurs(new ReadOnlySpan<byte>(buffer, got)) ? 1 : 0;
                    });
            }
            finally
            {
                NativeMemory.Free(frame);
                NativeMemory.Free(buffer);
            }
        }
    }
}
