namespace OnLan.Radius;

/// <summary>The packet codes an authentication client sends and receives (RFC 2865 §3; Access-Challenge §4.4).</summary>
public enum RadiusCode : byte
{
    AccessRequest = 1,
    AccessAccept = 2,
    AccessReject = 3,
    AccessChallenge = 11,
}
