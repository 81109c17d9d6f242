namespace OnLan.Platform.Linux.Interop;

/// <summary>ETH_P_* from &lt;linux/if_ether.h&gt; (host order; AF_PACKET wants them in network order).</summary>
internal static class EtherProtocols
{
    /// <summary>Every protocol: the socket sees all frames of its interface.</summary>
    public const ushort All = 0x0003;
}
