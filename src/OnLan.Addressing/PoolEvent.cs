using OnLan.Wire;

namespace OnLan.Addressing;

/// <summary>
/// Something the rest of the gateway may want to show (the status LED, the log). Raised by <see cref="AddressPool"/>
/// after it has released its lock, on the thread that made the change.
/// </summary>
public abstract record PoolEvent
{
    private PoolEvent() { }

    /// <summary>No address was left for <paramref name="Identity"/>; the IKE exchange answers INTERNAL_ADDRESS_FAILURE.</summary>
    public sealed record Exhausted(string Identity) : PoolEvent;

    /// <summary>Another host on the LAN answered for <paramref name="Address"/>.</summary>
    public sealed record Conflict(Ipv4Address Address) : PoolEvent;

    /// <summary><paramref name="Address"/> is now leased to <paramref name="Identity"/>.</summary>
    public sealed record LeaseCommitted(Ipv4Address Address, string Identity) : PoolEvent;

    /// <summary>The lease of <paramref name="Address"/> ended (released or expired); the grace hold, if any, begins.</summary>
    public sealed record LeaseReleased(Ipv4Address Address, string Identity) : PoolEvent;

    /// <summary>
    /// The lease store could not be written. The pool keeps working from memory and tries again with the next change
    /// and every <see cref="AddressPool.Expire"/>.
    /// </summary>
    public sealed record StoreFailed(string Message) : PoolEvent;
}
