using System.Runtime.InteropServices;

namespace OnLan.Platform.Linux.Interop;

/// <summary>
/// <c>struct ifreq</c> from &lt;net/if.h&gt;: a 16-byte name and a union. 40 bytes on 64-bit targets (the union
/// holds a <c>struct ifmap</c>), 32 on 32-bit ones; the larger size is safe on both because the kernel copies
/// only its own <c>sizeof(struct ifreq)</c>.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
internal unsafe struct InterfaceRequest
{
    /// <summary>IFNAMSIZ: the name including its terminating NUL.</summary>
    public const int NameSize = 16;

    /// <summary>ifr_name.</summary>
    [FieldOffset(0)] public fixed byte Name[NameSize];

    /// <summary>ifr_flags (SIOCGIFFLAGS / SIOCSIFFLAGS): only the low 16 bits of the device flags.</summary>
    [FieldOffset(16)] public short Flags;

    /// <summary>ifr_mtu (SIOCGIFMTU).</summary>
    [FieldOffset(16)] public int Mtu;

    /// <summary>ifr_hwaddr.sa_family (SIOCGIFHWADDR): ARPHRD_ETHER for Ethernet.</summary>
    [FieldOffset(16)] public ushort HardwareFamily;

    /// <summary>ifr_hwaddr.sa_data (SIOCGIFHWADDR): the MAC in its first six bytes.</summary>
    [FieldOffset(18)] public fixed byte HardwareAddress[14];
}
