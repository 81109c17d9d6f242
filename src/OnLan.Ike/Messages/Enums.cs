// IANA "Internet Key Exchange Version 2 (IKEv2) Parameters": the numbers every part of the engine shares.
// Kept in one file on purpose: it is a registry, read as a table.
namespace OnLan.Ike.Messages;

/// <summary>RFC 7296 §3.1 Exchange Type.</summary>
public enum ExchangeType : byte
{
    IkeSaInit = 34,
    IkeAuth = 35,
    CreateChildSa = 36,
    Informational = 37,
}

/// <summary>RFC 7296 §3.1 Flags: I(nitiator) 0x08, V(ersion) 0x10, R(esponse) 0x20.</summary>
[Flags]
public enum IkeFlags : byte
{
    None = 0,
    Initiator = 0x08,
    Version = 0x10,
    Response = 0x20,
}

/// <summary>RFC 7296 §3.2 Next Payload values (and RFC 7383 SKF).</summary>
public enum PayloadType : byte
{
    None = 0,
    SecurityAssociation = 33,
    KeyExchange = 34,
    IdentificationInitiator = 35,
    IdentificationResponder = 36,
    Certificate = 37,
    CertificateRequest = 38,
    Authentication = 39,
    Nonce = 40,
    Notify = 41,
    Delete = 42,
    VendorId = 43,
    TrafficSelectorInitiator = 44,
    TrafficSelectorResponder = 45,
    Encrypted = 46,
    Configuration = 47,
    ExtensibleAuthentication = 48,
    EncryptedFragment = 53,
}

/// <summary>RFC 7296 §3.3.1 Protocol ID (proposals, notifies, deletes).</summary>
public enum ProtocolId : byte
{
    None = 0,
    Ike = 1,
    Ah = 2,
    Esp = 3,
}

/// <summary>RFC 7296 §3.3.2 Transform Type.</summary>
public enum TransformType : byte
{
    Encryption = 1,
    PseudoRandomFunction = 2,
    Integrity = 3,
    KeyExchange = 4,
    ExtendedSequenceNumbers = 5,
}

/// <summary>Transform type 1 IDs we know.</summary>
public enum EncryptionAlgorithm : ushort
{
    AesCbc = 12,
    AesGcm16 = 20,
    ChaCha20Poly1305 = 28,
}

/// <summary>Transform type 2 IDs.</summary>
public enum PrfAlgorithm : ushort
{
    HmacSha1 = 2,
    HmacSha2_256 = 5,
    HmacSha2_384 = 6,
    HmacSha2_512 = 7,
}

/// <summary>Transform type 3 IDs.</summary>
public enum IntegrityAlgorithm : ushort
{
    None = 0,
    HmacSha1_96 = 2,
    HmacSha2_256_128 = 12,
    HmacSha2_384_192 = 13,
    HmacSha2_512_256 = 14,
}

/// <summary>Transform type 4 IDs (Diffie-Hellman groups).</summary>
public enum KeyExchangeGroup : ushort
{
    None = 0,
    Modp1024 = 2,
    Modp2048 = 14,
    Modp3072 = 15,
    Ecp256 = 19,
    Ecp384 = 20,
    Curve25519 = 31,
}

/// <summary>Transform type 5 IDs.</summary>
public enum ExtendedSequenceNumbers : ushort
{
    No = 0,
    Yes = 1,
}

/// <summary>RFC 7296 §3.5 ID Type.</summary>
public enum IdentificationType : byte
{
    Ipv4Address = 1,
    Fqdn = 2,
    Rfc822Address = 3,
    Ipv6Address = 5,
    DerAsn1Dn = 9,
    DerAsn1Gn = 10,
    KeyId = 11,
}

/// <summary>RFC 7296 §3.6 Certificate Encoding.</summary>
public enum CertificateEncoding : byte
{
    X509Signature = 4,
    HashAndUrlX509 = 12,
}

/// <summary>RFC 7296 §3.8 and RFC 7427 Auth Method.</summary>
public enum AuthenticationMethod : byte
{
    RsaDigitalSignature = 1,
    SharedKeyMessageIntegrityCode = 2,
    DssDigitalSignature = 3,
    EcdsaSha256P256 = 9,
    EcdsaSha384P384 = 10,
    EcdsaSha512P521 = 11,
    DigitalSignature = 14,
}

/// <summary>RFC 7296 §3.10.1 Notify Message Types: errors below 16384, status from 16384.</summary>
public enum NotifyType : ushort
{
    UnsupportedCriticalPayload = 1,
    InvalidIkeSpi = 4,
    InvalidMajorVersion = 5,
    InvalidSyntax = 7,
    InvalidMessageId = 9,
    InvalidSpi = 11,
    NoProposalChosen = 14,
    InvalidKePayload = 17,
    AuthenticationFailed = 24,
    SinglePairRequired = 34,
    NoAdditionalSas = 35,
    InternalAddressFailure = 36,
    FailedCpRequired = 37,
    TsUnacceptable = 38,
    InvalidSelectors = 39,
    TemporaryFailure = 43,
    ChildSaNotFound = 44,

    InitialContact = 16384,
    SetWindowSize = 16385,
    AdditionalTsPossible = 16386,
    IpcompSupported = 16387,
    NatDetectionSourceIp = 16388,
    NatDetectionDestinationIp = 16389,
    Cookie = 16390,
    UseTransportMode = 16391,
    HttpCertLookupSupported = 16392,
    RekeySa = 16393,
    EspTfcPaddingNotSupported = 16394,
    NonFirstFragmentsAlso = 16395,
    MobikeSupported = 16396,
    /// <summary>RFC 4739.</summary>
    MultipleAuthSupported = 16404,
    /// <summary>RFC 5685.</summary>
    RedirectSupported = 16406,
    Redirect = 16407,
    /// <summary>RFC 6023.</summary>
    ChildlessIkev2Supported = 16418,
    IkeFragmentationSupported = 16430,
    SignatureHashAlgorithms = 16431,
}

/// <summary>RFC 7296 §3.15 CFG Type.</summary>
public enum ConfigurationType : byte
{
    Request = 1,
    Reply = 2,
    Set = 3,
    Ack = 4,
}

/// <summary>RFC 7296 §3.15.1 and RFC 8598 Configuration Attribute types.</summary>
public enum ConfigurationAttributeType : ushort
{
    InternalIp4Address = 1,
    InternalIp4Netmask = 2,
    InternalIp4Dns = 3,
    InternalIp4Nbns = 4,
    InternalAddressExpiry = 5,
    InternalIp4Dhcp = 6,
    ApplicationVersion = 7,
    InternalIp6Address = 8,
    InternalIp6Dns = 10,
    InternalIp4Subnet = 13,
    SupportedAttributes = 14,
    InternalIp6Subnet = 15,
    InternalDnsDomain = 25,
}

/// <summary>RFC 7296 §3.13.1 TS Type.</summary>
public enum TrafficSelectorType : byte
{
    Ipv4AddressRange = 7,
    Ipv6AddressRange = 8,
}
