namespace OnLan.Board;

/// <summary>Why the attention LED is on. Each is set and cleared by the part of the gateway that knows.</summary>
public enum AttentionReason
{
    /// <summary>The configuration did not load or validate; the gateway runs on its last good or default configuration.</summary>
    ConfigurationError,

    /// <summary>Every address of the VPN pool is leased: the next client is refused.</summary>
    PoolExhausted,

    /// <summary>An ARP probe found another host on an address the gateway uses or hands out.</summary>
    AddressConflict,

    /// <summary>Repeated authentication failures: someone is guessing, or a client has a wrong secret.</summary>
    AuthenticationFailures,
}
