using OnLan.Wire;

namespace OnLan.Radius;

/// <summary>A datagram for the caller to send from its RADIUS port to <paramref name="Destination"/>:<paramref name="Port"/>.</summary>
public readonly record struct RadiusDatagram(Ipv4Address Destination, ushort Port, byte[] Payload);
