namespace OnLan.Radius;

/// <summary>Where one authentication stands after its last Access-Request.</summary>
public enum RadiusOutcome
{
    /// <summary>An Access-Request is in flight (or none was sent yet).</summary>
    Pending,
    /// <summary>Access-Challenge: the server's next EAP request is in <see cref="RadiusAuthentication.EapMessage"/>; the peer's answer goes in the next Send.</summary>
    Challenge,
    /// <summary>Access-Accept: EAP-Success, the MSK, maybe an address.</summary>
    Accept,
    /// <summary>Access-Reject: usually with EAP-Failure.</summary>
    Reject,
    /// <summary>Every server stayed silent through all its tries.</summary>
    Timeout,
}
