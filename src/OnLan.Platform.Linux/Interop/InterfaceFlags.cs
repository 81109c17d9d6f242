namespace OnLan.Platform.Linux.Interop;

/// <summary>Device flags from &lt;linux/if.h&gt; that fit in <c>ifr_flags</c> (a short).</summary>
/// <remarks>
/// IFF_LOWER_UP (0x10000) does not fit in the 16 bits SIOCGIFFLAGS returns (only netlink reports it), so the
/// carrier is read from IFF_RUNNING, which the kernel sets from the operational state (carrier and dormancy).
/// </remarks>
internal static class InterfaceFlags
{
    public const short Up = 0x1;
    public const short Running = 0x40;
}
