using System.Runtime.InteropServices;

namespace OnLan.Platform.Linux;

/// <summary>A packet link could not be opened or configured; carries the errno and its text.</summary>
public sealed class PacketLinkException : IOException
{
    public PacketLinkException(string interfaceName, string operation, int errno)
        : base(errno == 0
            ? $"Interface '{interfaceName}': {operation}"
            : $"Interface '{interfaceName}': {operation} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})")
    {
        InterfaceName = interfaceName;
        Errno = errno;
    }

    public string InterfaceName { get; }

    public int Errno { get; }
}
