using OnLan.Wire;

namespace OnLan.Radius;

/// <summary>Where the client asks, how it names itself, and how patient it is.</summary>
public sealed record RadiusClientOptions
{
    /// <summary>The servers in order of preference: the first is the primary, the others take over when it is silent.</summary>
    public required IReadOnlyList<RadiusServer> Servers { get; init; }

    /// <summary>NAS-IP-Address: the address the requests come from (RFC 2865 §5.4; the server's client table is keyed by it).</summary>
    public required Ipv4Address NasAddress { get; init; }

    /// <summary>NAS-Identifier (RFC 2865 §5.32).</summary>
    public string NasIdentifier { get; init; } = "onlan";

    /// <summary>
    /// Wait before the first retransmission to a server; doubled after each (RFC 5080 §2.2.1 asks for back-off).
    /// With 1 s and 3 tries a silent server is given up after 1 + 2 + 4 = 7 s, and two servers fit inside the time
    /// an IKE client waits for its IKE_AUTH answer.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Transmissions of one request to one server (the first and its retransmissions).</summary>
    public int Tries { get; init; } = 3;

    /// <summary>
    /// Framed-MTU (RFC 3579 §2.4): the largest EAP packet the server may send us. Its EAP packets travel on inside
    /// IKE_AUTH messages, which also carry IKE's headers and may be fragmented by IKE: 1,100 leaves room for both.
    /// </summary>
    public uint FramedMtu { get; init; } = 1100;
}
