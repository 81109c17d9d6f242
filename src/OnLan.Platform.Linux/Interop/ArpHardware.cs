namespace OnLan.Platform.Linux.Interop;

/// <summary>ARPHRD_* from &lt;linux/if_arp.h&gt;.</summary>
internal static class ArpHardware
{
    public const ushort Ether = 1;
}
