namespace OnLan.Ike.Sa;

/// <summary>A Child SA as the IKE SA tracks it; the data plane holds its own copy (<see cref="Installation"/>).</summary>
public sealed class ChildSa(ChildSaInstallation installation, Proposals.EspSuite suite, TimeSpan established)
{
    public ChildSaInstallation Installation { get; } = installation;
    public Proposals.EspSuite Suite { get; } = suite;
    public TimeSpan Established { get; } = established;
    public uint InboundSpi => Installation.InboundSpi;
    public uint OutboundSpi => Installation.OutboundSpi;
}
