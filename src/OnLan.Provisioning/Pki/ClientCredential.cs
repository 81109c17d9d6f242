namespace OnLan.Provisioning.Pki;

/// <summary>
/// A client certificate issued by the gateway's CA, with its private key: PEM for Linux/strongSwan, and PKCS#12
/// (the certificate and key, protected by the password given at issue) for Windows, Apple and Android import.
/// The gateway keeps none of this: the caller hands it to the user.
/// </summary>
public sealed record ClientCredential(string Identity, string CertificatePem, string KeyPem, byte[] Pkcs12, KeyAlgorithm KeyAlgorithm);
