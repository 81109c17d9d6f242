using OnLan.Ports;

namespace OnLan;

/// <summary>Something that runs on a port's thread besides the host stack and has timers (IKE).</summary>
public interface IPortService
{
    /// <summary>Called once per loop of the port's thread (at least every <see cref="PortWorker.PollInterval"/>).</summary>
    void Poll(TimeSpan now, FrameBatch output);

    /// <summary>
    /// Packets waiting for this port's thread from another port's (null when the service has none). The worker
    /// drains them each loop with <see cref="DrainInbox"/> and sleeps only when they are empty.
    /// </summary>
    PacketHandoff? Inbox => null;

    /// <summary>Handles up to a batch of packets from <see cref="Inbox"/>; returns true when more are waiting.</summary>
    bool DrainInbox(TimeSpan now, FrameBatch output) => false;

    /// <summary>Called once when the port stops, to say goodbye on the wire (e.g. IKE Deletes).</summary>
    void Stop(TimeSpan now, FrameBatch output);
}
