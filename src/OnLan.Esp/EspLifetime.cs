namespace OnLan.Esp;

/// <summary>
/// Volume limits of one SA (RFC 4301 §4.4.2.1, "lifetime of this SA" in bytes and packets); 0 means none.
/// Soft limits raise <see cref="EspSa.SoftLimitReached"/> so IKE can rekey; hard limits stop the SA. Time limits
/// are the caller's: it owns the clock (habit 1) and calls <c>Remove</c> through IKE when they expire.
/// </summary>
public readonly record struct EspLifetime(ulong SoftBytes, ulong HardBytes, ulong SoftPackets, ulong HardPackets)
{
    /// <summary>No volume limits: only the sequence-number space (and the caller's clock) ends the SA.</summary>
    public static EspLifetime Unlimited => default;
}
