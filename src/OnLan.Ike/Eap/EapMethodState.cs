namespace OnLan.Ike.Eap;

/// <summary>Where one EAP method (<see cref="IEapMethod"/>), or a whole <see cref="EapAuthenticator"/> run, stands.</summary>
public enum EapMethodState
{
    Running,
    Succeeded,
    Failed,
}
