using System.Text;
using OnLan.Wire;

namespace OnLan.Radius;

/// <summary>A RADIUS authentication server and the secret shared with it (RFC 2865 §3).</summary>
public sealed class RadiusServer(Ipv4Address address, ushort port, string secret)
{
    public const ushort DefaultPort = 1812;

    public Ipv4Address Address { get; } = address;
    public ushort Port { get; } = port;
    public byte[] Secret { get; } = Encoding.UTF8.GetBytes(secret);

    public override string ToString() => Port == DefaultPort ? Address.ToString() : $"{Address}:{Port}";
}
