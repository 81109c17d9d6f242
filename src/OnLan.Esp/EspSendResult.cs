namespace OnLan.Esp;

/// <summary>What <see cref="EspSa.Encapsulate"/> did with an outbound packet. Only <see cref="Ok"/> produced one.</summary>
public enum EspSendResult : byte
{
    Ok = 0,
    /// <summary>Less headroom than <see cref="EspSa.Headroom"/> or tailroom than <see cref="EspSa.TailroomFor"/> asks.</summary>
    BufferTooSmall,
    /// <summary>The outer packet would exceed 65535 bytes.</summary>
    TooLarge,
    /// <summary>The inner packet is not an IPv4 header (shorter than 20 bytes or version ≠ 4).</summary>
    NotIpv4,
    /// <summary>
    /// Sequence number 2^32-1 was sent: another packet would cycle the counter, which RFC 4303 §3.3.3 forbids.
    /// IKE must rekey (it was told by <see cref="EspSa.SoftLimitReached"/> long before).
    /// </summary>
    SequenceExhausted,
    /// <summary>A hard lifetime (bytes or packets) was reached.</summary>
    LifetimeExpired,
}
