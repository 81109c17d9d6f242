namespace OnLan.Ike.Sa;

/// <summary>
/// The life of an IKE SA, kept short on purpose: the protocol steps live in the exchange handlers, not here.
/// </summary>
public enum IkeSaState
{
    /// <summary>IKE_SA_INIT answered; waiting for IKE_AUTH (half-open, timed out by HalfOpenTimeout).</summary>
    HalfOpen,
    /// <summary>Authenticated; its Child SAs carry traffic.</summary>
    Established,
    /// <summary>Replaced by a rekeyed IKE SA; kept until the initiator deletes it.</summary>
    Rekeyed,
    /// <summary>We sent a Delete and wait for the answer (or give up).</summary>
    Deleting,
    /// <summary>Gone: removed from the table.</summary>
    Dead,
}
