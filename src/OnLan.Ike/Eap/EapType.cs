namespace OnLan.Ike.Eap;

/// <summary>The EAP Type field of Requests and Responses (RFC 3748 §5, IANA "Method Types"): only those we speak.</summary>
public enum EapType : byte
{
    Identity = 1,
    /// <summary>Legacy Nak (RFC 3748 §5.3.1): Response only; its data lists the types the peer would rather use.</summary>
    Nak = 3,
    /// <summary>EAP-TLS (RFC 5216).</summary>
    Tls = 13,
    /// <summary>EAP-MSCHAPv2 (draft-kamath-pppext-eap-mschapv2-02).</summary>
    MsChapV2 = 26,
}
