namespace OnLan.Testing.StrongSwan;

/// <summary>The swanctl folders <c>--load-all</c> reads credentials from.</summary>
internal enum CredentialKind
{
    /// <summary><c>x509/</c>: end-entity certificates, referenced by <c>certs = </c>.</summary>
    Certificate,

    /// <summary><c>x509ca/</c>: trusted CA certificates, referenced by <c>cacerts = </c>.</summary>
    CaCertificate,

    /// <summary><c>private/</c>: private keys of any type.</summary>
    PrivateKey,
}
