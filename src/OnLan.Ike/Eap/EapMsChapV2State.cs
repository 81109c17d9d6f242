namespace OnLan.Ike.Eap;

/// <summary>Where one <see cref="EapMsChapV2Server"/> authentication stands. The protocol steps live in the server, not here.</summary>
public enum EapMsChapV2State
{
    Running,
    Succeeded,
    Failed,
}
