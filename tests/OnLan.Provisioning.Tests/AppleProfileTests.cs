using System.Xml;
using System.Xml.Linq;
using OnLan.Provisioning.Profiles;

namespace OnLan.Provisioning.Tests;

public sealed class AppleProfileTests(ProfileFixture fixture) : IClassFixture<ProfileFixture>
{
    // Apple's names for what the gateway accepts (test's own table, independent of the generator).
    private static readonly Dictionary<string, string> Encryption = new()
    {
        ["AES-128"] = "aes128", ["AES-256"] = "aes256", ["AES-128-GCM"] = "aes128gcm16", ["AES-256-GCM"] = "aes256gcm16",
        ["ChaCha20Poly1305"] = "chacha20poly1305",
    };
    private static readonly Dictionary<string, string> Integrity = new()
    {
        ["SHA1-96"] = "sha1", ["SHA2-256"] = "sha256", ["SHA2-384"] = "sha384", ["SHA2-512"] = "sha512",
    };

    internal static XDocument Parse(string text)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(text), settings);
        return XDocument.Load(reader);
    }

    /// <summary>A plist value as .NET: dict → Dictionary, array → List, string, long, bool, byte[].</summary>
    internal static object Value(XElement element) => element.Name.LocalName switch
    {
        "dict" => Dict(element),
        "array" => element.Elements().Select(Value).ToList(),
        "string" => element.Value,
        "integer" => long.Parse(element.Value, System.Globalization.CultureInfo.InvariantCulture),
        "true" => true,
        "false" => false,
        "data" => Convert.FromBase64String(element.Value),
        var other => throw new Xunit.Sdk.XunitException("unexpected plist element " + other),
    };

    private static Dictionary<string, object> Dict(XElement dict)
    {
        var children = dict.Elements().ToList();
        Assert.True(children.Count % 2 == 0, "a dict alternates key and value");
        var result = new Dictionary<string, object>();
        for (int i = 0; i < children.Count; i += 2)
        {
            Assert.Equal("key", children[i].Name.LocalName);
            Assert.True(result.TryAdd(children[i].Value, Value(children[i + 1])), "duplicate key " + children[i].Value);
        }
        return result;
    }

    internal static Dictionary<string, object> Root(string text)
    {
        var document = Parse(text);
        Assert.NotNull(document.DocumentType);
        Assert.Equal("plist", document.DocumentType!.Name);
        Assert.Equal("-//Apple//DTD PLIST 1.0//EN", document.DocumentType.PublicId);
        Assert.Equal("http://www.apple.com/DTDs/PropertyList-1.0.dtd", document.DocumentType.SystemId);
        Assert.Equal("plist", document.Root!.Name.LocalName);
        Assert.Equal("1.0", document.Root.Attribute("version")!.Value);
        return Assert.IsType<Dictionary<string, object>>(Value(document.Root.Elements().Single()));
    }

    private static List<Dictionary<string, object>> Payloads(Dictionary<string, object> root) =>
        ((List<object>)root["PayloadContent"]).Cast<Dictionary<string, object>>().ToList();

    private static Dictionary<string, object> Payload(Dictionary<string, object> root, string type) =>
        Payloads(root).Single(p => (string)p["PayloadType"] == type);

    [Fact]
    public void Profile_is_a_configuration_with_a_vpn_and_a_root_payload()
    {
        var root = Root(ClientProfiles.Apple(fixture.Alice));
        Assert.Equal("Configuration", root["PayloadType"]);
        Assert.Equal(1L, root["PayloadVersion"]);
        Assert.True(Guid.TryParse((string)root["PayloadUUID"], out _));
        Assert.False(string.IsNullOrEmpty((string)root["PayloadIdentifier"]));
        Assert.False(string.IsNullOrEmpty((string)root["PayloadDisplayName"]));
        Assert.Equal(["com.apple.security.root", "com.apple.vpn.managed"], Payloads(root).Select(p => (string)p["PayloadType"]).Order(StringComparer.Ordinal));
        foreach (var payload in Payloads(root))
        {
            Assert.True(Guid.TryParse((string)payload["PayloadUUID"], out _));
            Assert.False(string.IsNullOrEmpty((string)payload["PayloadIdentifier"]));
            Assert.Equal(1L, payload["PayloadVersion"]);
        }
        Assert.Equal(3, Payloads(root).Select(p => (string)p["PayloadUUID"]).Append((string)root["PayloadUUID"]).Distinct().Count());
    }

    [Fact]
    public void Root_payload_carries_the_ca_certificate()
    {
        var root = Root(ClientProfiles.Apple(fixture.Alice));
        Assert.Equal(fixture.CaDer, (byte[])Payload(root, "com.apple.security.root")["PayloadContent"]);
    }

    [Fact]
    public void Psk_user_gets_shared_secret_authentication_with_the_ids()
    {
        var root = Root(ClientProfiles.Apple(fixture.Alice));
        var vpn = Payload(root, "com.apple.vpn.managed");
        Assert.Equal("IKEv2", vpn["VPNType"]);
        var ike = (Dictionary<string, object>)vpn["IKEv2"];
        Assert.Equal("vpn.example.com", ike["RemoteAddress"]);
        Assert.Equal("vpn.example.com", ike["RemoteIdentifier"]);
        Assert.Equal("alice@example.com", ike["LocalIdentifier"]);
        Assert.Equal("SharedSecret", ike["AuthenticationMethod"]);
        Assert.Equal(ProfileFixture.AliceSecret, ike["SharedSecret"]);
    }

    [Fact]
    public void Security_association_parameters_are_accepted_by_the_gateway_and_rekey_before_its_lifetime()
    {
        var vpn = Payload(Root(ClientProfiles.Apple(fixture.Alice)), "com.apple.vpn.managed");
        var ike = (Dictionary<string, object>)vpn["IKEv2"];
        foreach (string key in new[] { "IKESecurityAssociationParameters", "ChildSecurityAssociationParameters" })
        {
            var sa = (Dictionary<string, object>)ike[key];
            string encryption = Encryption[(string)sa["EncryptionAlgorithm"]];
            string integrity = Integrity[(string)sa["IntegrityAlgorithm"]];
            Assert.True(ClientProfiles.AcceptedProposals.Accepts(AlgorithmKind.Encryption, encryption), encryption);
            Assert.True(ClientProfiles.AcceptedProposals.Accepts(AlgorithmKind.Integrity, integrity), integrity);
            // With an AEAD the integrity value names the IKE SA's PRF.
            Assert.True(ClientProfiles.AcceptedProposals.Accepts(AlgorithmKind.PseudoRandomFunction, "prf" + integrity));
            Assert.True(ClientProfiles.AcceptedProposals.AcceptsGroup((ushort)(long)sa["DiffieHellmanGroup"]));
            long minutes = (long)sa["LifeTimeInMinutes"];
            Assert.InRange(minutes, 10, 1440);
            Assert.True(minutes * 60 < fixture.Configuration.Vpn.LifetimeSeconds);
        }
    }

    [Fact]
    public void Certificate_user_gets_the_pkcs12_payload_the_vpn_refers_to_and_no_secret()
    {
        string text = ClientProfiles.Apple(fixture.Carol);
        var root = Root(text);
        var vpn = Payload(root, "com.apple.vpn.managed");
        var ike = (Dictionary<string, object>)vpn["IKEv2"];
        Assert.Equal("Certificate", ike["AuthenticationMethod"]);
        Assert.Equal("RSA", ike["CertificateType"]);
        Assert.False(ike.ContainsKey("SharedSecret"));
        var pkcs12 = Payload(root, "com.apple.security.pkcs12");
        Assert.Equal((string)pkcs12["PayloadUUID"], ike["PayloadCertificateUUID"]);
        Assert.Equal(fixture.CarolCertificate.Pkcs12, (byte[])pkcs12["PayloadContent"]);
        Assert.False(pkcs12.ContainsKey("Password"));
        Assert.DoesNotContain("carol-p12-password", text);
    }

    [Fact]
    public void Eap_user_gets_extended_authentication_with_the_user_name()
    {
        var ike = (Dictionary<string, object>)Payload(Root(ClientProfiles.Apple(fixture.CarolEap)), "com.apple.vpn.managed")["IKEv2"];
        Assert.Equal("None", ike["AuthenticationMethod"]);
        Assert.Equal(1L, ike["ExtendedAuthEnabled"]);
        Assert.Equal("carol@example.com", ike["AuthName"]);
    }

    [Fact]
    public void Markup_in_names_is_escaped()
    {
        var request = fixture.Alice with { ConnectionName = "R&D <\"VPN\">" };
        var vpn = Payload(Root(ClientProfiles.Apple(request)), "com.apple.vpn.managed");
        Assert.Equal("R&D <\"VPN\">", vpn["UserDefinedName"]);
    }

    [Fact]
    public void Same_inputs_give_the_same_uuids()
    {
        Assert.Equal(ClientProfiles.Apple(fixture.Alice), ClientProfiles.Apple(fixture.Alice));
        Assert.NotEqual((string)Root(ClientProfiles.Apple(fixture.Alice))["PayloadUUID"], (string)Root(ClientProfiles.Apple(fixture.Carol))["PayloadUUID"]);
    }
}
