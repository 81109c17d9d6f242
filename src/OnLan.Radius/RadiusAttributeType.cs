namespace OnLan.Radius;

/// <summary>The attributes this client writes or reads (RFC 2865 §5, RFC 3579 §3).</summary>
public enum RadiusAttributeType : byte
{
    UserName = 1,
    NasIpAddress = 4,
    ServiceType = 6,
    FramedIpAddress = 8,
    FramedMtu = 12,
    ReplyMessage = 18,
    State = 24,
    VendorSpecific = 26,
    CallingStationId = 31,
    NasIdentifier = 32,
    NasPortType = 61,
    EapMessage = 79,
    MessageAuthenticator = 80,
}

/// <summary>Attribute values this client sends.</summary>
public static class RadiusValues
{
    /// <summary>Service-Type Framed (RFC 2865 §5.6): the user gets a network connection (here: an IPsec tunnel).</summary>
    public const uint ServiceTypeFramed = 2;

    /// <summary>NAS-Port-Type Virtual (RFC 2865 §5.41), as strongSwan's eap-radius sends for IKE clients.</summary>
    public const uint NasPortTypeVirtual = 5;

    /// <summary>Microsoft's enterprise number, the vendor of MS-MPPE-Send-Key and -Recv-Key (RFC 2548 §2).</summary>
    public const uint VendorMicrosoft = 311;
    public const byte MsMppeSendKey = 16;
    public const byte MsMppeRecvKey = 17;
}
