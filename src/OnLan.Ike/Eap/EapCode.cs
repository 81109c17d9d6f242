namespace OnLan.Ike.Eap;

/// <summary>The EAP Code field (RFC 3748 §4).</summary>
public enum EapCode : byte
{
    Request = 1,
    Response = 2,
    Success = 3,
    Failure = 4,
}
