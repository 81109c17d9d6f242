namespace OnLan.Radius;

/// <summary>What the client sent and what it refused. Written on the client's thread only.</summary>
public sealed class RadiusCounters
{
    /// <summary>Access-Requests sent (first transmissions, to each server tried).</summary>
    public long Requests;
    public long Retransmits;
    /// <summary>Requests moved to another server after one stayed silent through all its tries.</summary>
    public long Failovers;
    /// <summary>Authentications given up: every server silent.</summary>
    public long Timeouts;
    public long Accepts;
    public long Rejects;
    public long Challenges;
    /// <summary>Replies whose Response Authenticator or Message-Authenticator is wrong or missing: dropped.</summary>
    public long BadAuthenticators;
    /// <summary>Datagrams that are not RADIUS packets, or replies of a code a client never receives.</summary>
    public long Malformed;
    /// <summary>Replies from no configured server, or to no request in flight (late duplicates, mostly).</summary>
    public long Unexpected;
    /// <summary>Requests not sent: too large, or no free Identifier for the server (256 in flight).</summary>
    public long NotSent;
}
