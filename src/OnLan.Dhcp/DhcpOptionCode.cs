namespace OnLan.Dhcp;

/// <summary>
/// Option codes this gateway reads or writes (RFC 2132 unless noted). Constants rather than an enum: option codes
/// are an open set, and a code the gateway does not know is still a valid option to step over.
/// </summary>
public static class DhcpOptionCode
{
    public const byte Pad = 0;
    public const byte SubnetMask = 1;
    public const byte Router = 3;
    public const byte DomainNameServer = 6;
    public const byte HostName = 12;
    public const byte DomainName = 15;
    public const byte NetbiosNameServer = 44;
    public const byte RequestedAddress = 50;
    public const byte LeaseTime = 51;
    /// <summary>Option overload: more options in sname/file. Not honoured by <see cref="DhcpMessage"/>.</summary>
    public const byte OptionOverload = 52;
    public const byte MessageType = 53;
    public const byte ServerIdentifier = 54;
    public const byte ParameterRequestList = 55;
    public const byte Message = 56;
    public const byte MaximumMessageSize = 57;
    public const byte RenewalTime = 58;
    public const byte RebindingTime = 59;
    public const byte ClientIdentifier = 61;
    /// <summary>RFC 4702.</summary>
    public const byte ClientFqdn = 81;
    /// <summary>RFC 3397.</summary>
    public const byte DomainSearch = 119;
    /// <summary>RFC 3442.</summary>
    public const byte ClasslessStaticRoute = 121;
    /// <summary>The pre-RFC 3442 code Windows asks for; same format as <see cref="ClasslessStaticRoute"/>.</summary>
    public const byte MicrosoftClasslessStaticRoute = 249;
    public const byte End = 255;
}
