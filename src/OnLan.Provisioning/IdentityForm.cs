namespace OnLan.Provisioning;

/// <summary>The forms of IKE identity the gateway issues certificates for and writes into profiles (RFC 7296 §3.5).</summary>
public enum IdentityForm
{
    Invalid,
    /// <summary><c>user@domain</c>: ID_RFC822_ADDR, an rfc822Name in the certificate.</summary>
    Email,
    /// <summary>A host name or FQDN: ID_FQDN, a dNSName.</summary>
    DnsName,
    /// <summary>An IPv4 or IPv6 address: ID_IPV4_ADDR / ID_IPV6_ADDR, an iPAddress.</summary>
    Address,
}
