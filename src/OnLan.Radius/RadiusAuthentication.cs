using OnLan.Wire;

namespace OnLan.Radius;

/// <summary>
/// One EAP authentication passed through to RADIUS: the user, the server's State to echo, the request in flight
/// and, after each reply, what the server said. Owned by the <see cref="RadiusClient"/> that made it; read its
/// results after <see cref="RadiusClient.Receive"/> returned it or <see cref="RadiusClient.Poll"/> gave it up.
/// </summary>
public sealed class RadiusAuthentication
{
    internal RadiusAuthentication(string userName, string? callingStationId)
    {
        UserName = userName;
        CallingStationId = callingStationId;
    }

    /// <summary>User-Name of every request: the EAP identity (RFC 3579 §2.1).</summary>
    public string UserName { get; }

    /// <summary>Calling-Station-Id: the client's outer address, for the server's logs and policies.</summary>
    public string? CallingStationId { get; }

    public RadiusOutcome Outcome { get; internal set; }

    /// <summary>The EAP packet of the last reply (joined EAP-Messages), null when it carried none.</summary>
    public byte[]? EapMessage { get; internal set; }

    /// <summary>Access-Accept: the MSK from MS-MPPE-Recv-Key | MS-MPPE-Send-Key, null when the server sent no keys.</summary>
    public byte[]? Msk { get; internal set; }

    /// <summary>Access-Accept: Framed-IP-Address, when the server assigned one.</summary>
    public Ipv4Address? FramedAddress { get; internal set; }

    /// <summary>Access-Accept: the User-Name the server authorized (RFC 2865 §5.1), when it sent one.</summary>
    public string? AuthorizedUserName { get; internal set; }

    /// <summary>The server that answered last (index into the options' list), or that was tried last.</summary>
    public int Server { get; internal set; }

    // The request in flight: kept whole so a retransmission is the same packet (RFC 5080 §2.2.1: same Identifier,
    // same Request Authenticator), and its inputs so it can be rebuilt for another server.
    internal byte[] State = [];
    internal byte[] EapResponse = [];
    internal byte[] Request = [];
    internal readonly byte[] RequestAuthenticator = new byte[RadiusPacket.AuthenticatorLength];
    internal byte Identifier;
    internal bool InFlight;
    internal int Tries;
    internal int ServersTried;
    internal TimeSpan Wait;
    internal TimeSpan NextRetransmit;
}
