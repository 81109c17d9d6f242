namespace OnLan.Testing.StrongSwan;

/// <summary>
/// A throw-away PKI made with strongSwan's <c>pki</c> tool: a CA, a gateway certificate (subjectAltName = the
/// gateway's name and WAN address, EKU serverAuth), a client certificate (subjectAltName = the client's
/// identity, EKU clientAuth), and a client certificate from another CA for refusal tests. All PEM.
/// </summary>
/// <remarks>
/// The caller owns <see cref="Directory"/> (it is created when missing, never deleted here). RSA-2048 key
/// generation takes ~0.25 s a key, so a PKI takes about a second; ECDSA P-256 is near instant.
/// </remarks>
public sealed class TestPki
{
    public const string DefaultGatewayName = "gw.onlan.test";
    public const string DefaultGatewayAddress = "203.0.113.1";
    public const string DefaultClientIdentity = "client@onlan.test";

    private const string PkiPath = "pki";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    private readonly string _pkiConf;

    private TestPki(string directory, TestKeyType keyType)
    {
        Directory = directory;
        KeyType = keyType;
        _pkiConf = Path.Combine(directory, "pki.conf");
    }

    public string Directory { get; }

    public TestKeyType KeyType { get; }

    public string CaCertificatePath => Path.Combine(Directory, "ca.pem");

    public string CaKeyPath => Path.Combine(Directory, "ca.key.pem");

    public string ServerCertificatePath => Path.Combine(Directory, "server.pem");

    public string ServerKeyPath => Path.Combine(Directory, "server.key.pem");

    public string ClientCertificatePath => Path.Combine(Directory, "client.pem");

    public string ClientKeyPath => Path.Combine(Directory, "client.key.pem");

    /// <summary>A CA nobody trusts.</summary>
    public string OtherCaCertificatePath => Path.Combine(Directory, "other-ca.pem");

    public string OtherCaKeyPath => Path.Combine(Directory, "other-ca.key.pem");

    /// <summary>A client certificate for <see cref="ClientIdentity"/> issued by the other CA: the gateway must refuse it.</summary>
    public string OtherClientCertificatePath => Path.Combine(Directory, "other-client.pem");

    public string OtherClientKeyPath => Path.Combine(Directory, "other-client.key.pem");

    public required string GatewayName { get; init; }

    public required string GatewayAddress { get; init; }

    public required string ClientIdentity { get; init; }

    /// <summary>Makes the CA, gateway, client and other-CA client credentials in <paramref name="directory"/>.</summary>
    public static TestPki Create(string directory, TestKeyType keyType = TestKeyType.Rsa2048,
        string gatewayName = DefaultGatewayName, string gatewayAddress = DefaultGatewayAddress, string clientIdentity = DefaultClientIdentity)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        System.IO.Directory.CreateDirectory(directory);
        TestPki pki = new(Path.GetFullPath(directory), keyType)
        {
            GatewayName = gatewayName,
            GatewayAddress = gatewayAddress,
            ClientIdentity = clientIdentity,
        };
        // Its own plugin list: the default one also loads the tpm plugin, which complains on every run.
        File.WriteAllText(pki._pkiConf, "pki {\n  load = random pem pkcs1 pkcs8 x509 pubkey openssl gmp sha1 sha2 hmac\n}\n");

        pki.SelfSignedCa(pki.CaKeyPath, pki.CaCertificatePath, "C=XX, O=OnLan Test, CN=OnLan Test CA");
        pki.Issue(pki.CaCertificatePath, pki.CaKeyPath, pki.ServerKeyPath, pki.ServerCertificatePath,
            $"C=XX, O=OnLan Test, CN={gatewayName}", [gatewayName, gatewayAddress], ["serverAuth", "ikeIntermediate"]);
        pki.Issue(pki.CaCertificatePath, pki.CaKeyPath, pki.ClientKeyPath, pki.ClientCertificatePath,
            $"C=XX, O=OnLan Test, CN={clientIdentity}", [clientIdentity], ["clientAuth"]);
        pki.SelfSignedCa(pki.OtherCaKeyPath, pki.OtherCaCertificatePath, "C=XX, O=Somebody Else, CN=Other Test CA");
        pki.Issue(pki.OtherCaCertificatePath, pki.OtherCaKeyPath, pki.OtherClientKeyPath, pki.OtherClientCertificatePath,
            $"C=XX, O=Somebody Else, CN={clientIdentity}", [clientIdentity], ["clientAuth"]);
        return pki;
    }

    /// <summary>
    /// Issues one more certificate from this PKI's CA (a new key each time) into <c>&lt;name&gt;.pem</c> and
    /// <c>&lt;name&gt;.key.pem</c>; returns the two paths. <paramref name="flags"/> are pki's EKU flags
    /// (serverAuth, clientAuth, ikeIntermediate...); none gives a certificate without EKU.
    /// </summary>
    public (string CertificatePath, string KeyPath) Issue(string name, string subjectDn, IReadOnlyList<string> subjectAltNames, IReadOnlyList<string> flags)
    {
        if (string.IsNullOrEmpty(name) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException("name must be letters, digits, '-' or '_'", nameof(name));
        }
        string certificate = Path.Combine(Directory, name + ".pem");
        string key = Path.Combine(Directory, name + ".key.pem");
        Issue(CaCertificatePath, CaKeyPath, key, certificate, subjectDn, subjectAltNames, flags);
        return (certificate, key);
    }

    private void SelfSignedCa(string keyPath, string certificatePath, string dn)
    {
        GenerateKey(keyPath);
        Write(certificatePath, Pki(["--self", "--ca", "--lifetime", "3650", "--in", keyPath, "--type", "priv", "--dn", dn, "--outform", "pem"], "pki --self"));
    }

    private void Issue(string caCertificate, string caKey, string keyPath, string certificatePath, string dn,
        IReadOnlyList<string> subjectAltNames, IReadOnlyList<string> flags)
    {
        GenerateKey(keyPath);
        List<string> arguments = ["--issue", "--lifetime", "365", "--cacert", caCertificate, "--cakey", caKey,
            "--in", keyPath, "--type", "priv", "--dn", dn, "--outform", "pem"];
        foreach (string san in subjectAltNames) arguments.AddRange(["--san", san]);
        foreach (string flag in flags) arguments.AddRange(["--flag", flag]);
        Write(certificatePath, Pki(arguments, $"pki --issue {dn}"));
    }

    private void GenerateKey(string keyPath)
    {
        string[] type = KeyType == TestKeyType.Rsa2048 ? ["--type", "rsa", "--size", "2048"] : ["--type", "ecdsa", "--size", "256"];
        Write(keyPath, Pki(["--gen", .. type, "--outform", "pem"], "pki --gen"));
    }

    private string Pki(IEnumerable<string> arguments, string what)
    {
        CommandResult result = Shell.Run("env", ["STRONGSWAN_CONF=" + _pkiConf, PkiPath, .. arguments], StepTimeout).EnsureSuccess(what);
        if (!result.StdOut.Contains("-----BEGIN ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{what} wrote no PEM: {result.StdErr.Trim()}");
        }
        return result.StdOut;
    }

    private static void Write(string path, string pem) => File.WriteAllText(path, pem);
}
