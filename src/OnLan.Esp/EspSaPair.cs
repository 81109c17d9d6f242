using OnLan.Ike;

namespace OnLan.Esp;

/// <summary>
/// Both directions of one tunnel-mode Child SA, made from what IKE installed (<see cref="IChildSaInstaller.Install"/>).
/// The cipher objects are created here, once; dispose the pair when IKE removes it.
/// </summary>
public sealed class EspSaPair : IDisposable
{
    private EspSaPair(ChildSaInstallation installation, EspSa inbound, EspSa outbound)
    {
        Installation = installation;
        Inbound = inbound;
        Outbound = outbound;
    }

    public ChildSaInstallation Installation { get; }
    /// <summary>Peer → gateway, SPI <see cref="ChildSaInstallation.InboundSpi"/>.</summary>
    public EspSa Inbound { get; }
    /// <summary>Gateway → peer, SPI <see cref="ChildSaInstallation.OutboundSpi"/>.</summary>
    public EspSa Outbound { get; }

    /// <summary>Either direction reached a soft limit: time for IKE to rekey this Child SA.</summary>
    public bool SoftLimitReached => Inbound.SoftLimitReached || Outbound.SoftLimitReached;
    /// <summary>Either direction reached a hard limit: the pair is dead (each direction refuses on its own).</summary>
    public bool HardLimitReached => Inbound.HardLimitReached || Outbound.HardLimitReached;

    /// <summary>
    /// Creates both directions. Throws <see cref="ArgumentException"/> for keys or algorithms that do not fit
    /// (at install time, never per packet). Volume limits in <paramref name="lifetime"/> apply to each direction.
    /// </summary>
    public static EspSaPair Create(ChildSaInstallation installation, EspLifetime lifetime = default)
    {
        ArgumentNullException.ThrowIfNull(installation);
        EspSa inbound = EspSa.CreateInbound(installation, lifetime);
        try
        {
            return new EspSaPair(installation, inbound, EspSa.CreateOutbound(installation, lifetime));
        }
        catch
        {
            inbound.Dispose();
            throw;
        }
    }

    /// <inheritdoc cref="EspSa.Encapsulate"/>
    public EspSendResult Encapsulate(Span<byte> buffer, int innerOffset, int innerLength, out int outerOffset, out int outerLength) =>
        Outbound.Encapsulate(buffer, innerOffset, innerLength, out outerOffset, out outerLength);

    /// <inheritdoc cref="EspSa.Decapsulate"/>
    public EspDropReason Decapsulate(Span<byte> esp, out int innerOffset, out int innerLength) =>
        Inbound.Decapsulate(esp, out innerOffset, out innerLength);

    public void Dispose()
    {
        Inbound.Dispose();
        Outbound.Dispose();
    }
}
