using OnLan.Wire;

namespace OnLan.Ports;

/// <summary>
/// One Ethernet port as raw frames: on the board an AF_PACKET socket, in tests a paired in-memory link.
/// </summary>
/// <remarks>
/// Frames are whole Ethernet frames without the FCS. A link is used by one thread at a time for receiving and
/// one for sending. Neither call allocates.
/// </remarks>
public interface IFrameLink : IDisposable
{
    /// <summary>Interface name, e.g. "eth0".</summary>
    string Name { get; }

    MacAddress Address { get; }

    /// <summary>Largest IP packet the link carries (the Ethernet payload), e.g. 1500.</summary>
    int Mtu { get; }

    /// <summary>Carrier / operational state as last seen.</summary>
    bool IsUp { get; }

    /// <summary>Frames lost on the way in because the port's thread fell behind (a full receive queue).</summary>
    long ReceiveOverruns => 0;

    /// <summary>Frames lost on the way out because the link would not take them (a full transmit queue).</summary>
    long SendDrops => 0;

    /// <summary>
    /// Clears <paramref name="batch"/> and fills it with the frames waiting, waiting at most
    /// <paramref name="timeout"/> for the first. Returns the number received (0 on timeout).
    /// The frames stay valid until <paramref name="batch"/> is filled again.
    /// </summary>
    int Receive(FrameBatch batch, TimeSpan timeout);

    /// <summary>
    /// Sends every frame of <paramref name="batch"/> in order and returns how many the link accepted; frames
    /// it could not take (queue full) are dropped, as a wire would. Does not clear the batch.
    /// </summary>
    int Send(FrameBatch batch);

    /// <summary>
    /// Makes a <see cref="Receive"/> that is waiting (or the next one) return at once, even with no frame. Any
    /// thread may call it: it is how another port's thread says "there is work for you in a ring".
    /// </summary>
    void Wake();
}
