namespace OnLan.Testing.Ike;

/// <summary>Where the test initiator's (current) IKE SA stands.</summary>
public enum InitiatorState
{
    Idle,
    /// <summary>IKE_SA_INIT or IKE_AUTH in flight.</summary>
    Connecting,
    Established,
    /// <summary>The responder refused (see <c>LastError</c>).</summary>
    Failed,
    /// <summary>Deleted by us or by the responder.</summary>
    Deleted,
}
