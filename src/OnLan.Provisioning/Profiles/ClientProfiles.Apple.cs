using System.Globalization;
using System.Text;
using OnLan.Provisioning.Pki;

namespace OnLan.Provisioning.Profiles;

public static partial class ClientProfiles
{
    // IKEv2 payload values (Apple's "VPN" configuration profile reference) and their wire meaning:
    //   EncryptionAlgorithm AES-256-GCM  ENCR_AES_GCM_16, 256-bit key (IKE SA and ESP)
    //   IntegrityAlgorithm  SHA2-256     for the IKE SA with GCM: PRF_HMAC_SHA2_256 (ignored for ESP with GCM)
    //   DiffieHellmanGroup  19           ECP-256: cheaper for the gateway than MODP-2048, in every iOS/macOS with GCM
    private const string AppleEncryption = "AES-256-GCM";
    private const string AppleIntegrity = "SHA2-256";
    private const int AppleDhGroup = 19;

    /// <summary>
    /// An Apple configuration profile (<c>.mobileconfig</c>, an XML property list) for the built-in IKEv2 client of
    /// macOS and iOS: a com.apple.vpn.managed payload, the gateway's CA as com.apple.security.root, and for certificate
    /// authentication the user's PKCS#12 as com.apple.security.pkcs12 (the device asks for its password on install).
    /// UUIDs are derived from the server and identity, so installing a newer profile replaces the older one.
    /// </summary>
    public static string Apple(ProfileRequest request)
    {
        var r = Resolve(request);
        string server = r.Request.ServerAddress;
        Guid profileUuid = StableUuid("apple-profile", server, r.Identity);
        Guid vpnUuid = StableUuid("apple-vpn", server, r.Identity);
        Guid caUuid = StableUuid("apple-ca", server, r.Identity);
        Guid pkcs12Uuid = StableUuid("apple-pkcs12", server, r.Identity);
        string identifierBase = "net.onlan.vpn." + profileUuid.ToString("D");
        bool embedPkcs12 = r.Authentication == ClientAuthentication.Certificate && r.Request.ClientCertificate is not null;

        // Written by hand rather than with System.Xml's XmlWriter: a property list needs five elements and one escape
        // rule, and XmlWriter costs the board's binary about 270 KB (the arm64 binary has a 6 MB budget).
        var plist = new PlistWriter();
        {
            plist.Open("dict");

            plist.Key("PayloadContent");
            plist.Open("array");

            // The VPN payload.
            plist.Open("dict");
            plist.Key("IKEv2");
            plist.Open("dict");
            plist.String("RemoteAddress", server);
            plist.String("RemoteIdentifier", r.RemoteIdentity);
            plist.String("LocalIdentifier", r.Identity);
            switch (r.Authentication)
            {
                case ClientAuthentication.PreSharedKey:
                    plist.String("AuthenticationMethod", "SharedSecret");
                    plist.String("SharedSecret", r.PreSharedKey!);
                    break;
                case ClientAuthentication.Certificate:
                    plist.String("AuthenticationMethod", "Certificate");
                    if (embedPkcs12) plist.String("PayloadCertificateUUID", pkcs12Uuid.ToString("D").ToUpperInvariant());
                    plist.String("CertificateType", r.Request.ClientCertificate?.KeyAlgorithm == KeyAlgorithm.EcdsaP256 ? "ECDSA256" : "RSA");
                    plist.String("ServerCertificateIssuerCommonName", r.CaCommonName);
                    break;
                case ClientAuthentication.EapMschapv2:
                    // The gateway proves itself with its certificate; the user with EAP-MSCHAPv2 (name here, password asked).
                    plist.String("AuthenticationMethod", "None");
                    plist.Integer("ExtendedAuthEnabled", 1);
                    plist.String("AuthName", r.Identity);
                    plist.String("ServerCertificateIssuerCommonName", r.CaCommonName);
                    break;
            }
            plist.String("DeadPeerDetectionRate", "Medium");
            plist.Integer("DisableMOBIKE", 0);
            plist.Integer("DisableRedirect", 0);
            plist.Integer("EnableCertificateRevocationCheck", 0);
            plist.Integer("EnablePFS", 0);
            WriteAppleSecurityAssociation(plist, "IKESecurityAssociationParameters", r.IkeRekeySeconds);
            WriteAppleSecurityAssociation(plist, "ChildSecurityAssociationParameters", r.ChildRekeySeconds);
            plist.Close(); // IKEv2 dict
            plist.String("PayloadDescription", "IKEv2 VPN to " + server);
            plist.String("PayloadDisplayName", r.Name);
            plist.String("PayloadIdentifier", identifierBase + ".vpn");
            plist.String("PayloadType", "com.apple.vpn.managed");
            plist.String("PayloadUUID", vpnUuid.ToString("D").ToUpperInvariant());
            plist.Integer("PayloadVersion", 1);
            plist.String("UserDefinedName", r.Name);
            plist.String("VPNType", "IKEv2");
            plist.Close();

            // The CA that issued the gateway's certificate.
            plist.Open("dict");
            plist.String("PayloadCertificateFileName", "onlan-ca.cer");
            plist.Data("PayloadContent", r.CaCertificateDer);
            plist.String("PayloadDescription", "The CA of the OnLan gateway " + server);
            plist.String("PayloadDisplayName", r.CaCommonName);
            plist.String("PayloadIdentifier", identifierBase + ".ca");
            plist.String("PayloadType", "com.apple.security.root");
            plist.String("PayloadUUID", caUuid.ToString("D").ToUpperInvariant());
            plist.Integer("PayloadVersion", 1);
            plist.Close();

            if (embedPkcs12)
            {
                plist.Open("dict");
                plist.String("PayloadCertificateFileName", "onlan-client.p12");
                plist.Data("PayloadContent", r.Request.ClientCertificate!.Pkcs12);
                plist.String("PayloadDescription", "Client certificate for " + r.Identity);
                plist.String("PayloadDisplayName", r.Identity);
                plist.String("PayloadIdentifier", identifierBase + ".client");
                plist.String("PayloadType", "com.apple.security.pkcs12");
                plist.String("PayloadUUID", pkcs12Uuid.ToString("D").ToUpperInvariant());
                plist.Integer("PayloadVersion", 1);
                plist.Close();
            }

            plist.Close(); // array
            plist.String("PayloadDisplayName", r.Name + " VPN (" + server + ")");
            plist.String("PayloadIdentifier", identifierBase);
            plist.Bool("PayloadRemovalDisallowed", false);
            plist.String("PayloadType", "Configuration");
            plist.String("PayloadUUID", profileUuid.ToString("D").ToUpperInvariant());
            plist.Integer("PayloadVersion", 1);
            plist.Close(); // dict
        }
        return plist.Finish();
    }

    private static void WriteAppleSecurityAssociation(PlistWriter plist, string key, int lifetimeSeconds)
    {
        plist.Key(key);
        plist.Open("dict");
        plist.String("EncryptionAlgorithm", AppleEncryption);
        plist.String("IntegrityAlgorithm", AppleIntegrity);
        plist.Integer("DiffieHellmanGroup", AppleDhGroup);
        // Apple accepts 10 to 1440 minutes.
        plist.Integer("LifeTimeInMinutes", Math.Clamp(lifetimeSeconds / 60, 10, 1440));
        plist.Close();
    }

    /// <summary>
    /// An XML property list (Apple's PLIST 1.0 DTD), one element per line, indented with tabs: the declaration, the
    /// DOCTYPE and the plist element come first, <see cref="Finish"/> closes what is open.
    /// </summary>
    private sealed class PlistWriter
    {
        private readonly StringBuilder _text = new();
        private readonly Stack<string> _open = new();

        public PlistWriter()
        {
            _text.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
                 .Append("<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n")
                 .Append("<plist version=\"1.0\">\n");
            _open.Push("plist");
        }

        public void Open(string element)
        {
            Indent().Append('<').Append(element).Append(">\n");
            _open.Push(element);
        }

        public void Close()
        {
            string element = _open.Pop();
            Indent().Append("</").Append(element).Append(">\n");
        }

        public string Finish()
        {
            while (_open.Count > 0) Close();
            return _text.ToString();
        }

        public void Key(string key) => Element("key", key);

        public void String(string key, string value)
        {
            Key(key);
            Element("string", value);
        }

        public void Integer(string key, long value)
        {
            Key(key);
            Element("integer", value.ToString(CultureInfo.InvariantCulture));
        }

        public void Bool(string key, bool value)
        {
            Key(key);
            Indent().Append(value ? "<true />" : "<false />").Append('\n');
        }

        public void Data(string key, byte[] value)
        {
            Key(key);
            Element("data", Convert.ToBase64String(value));
        }

        private void Element(string name, string text)
        {
            Indent().Append('<').Append(name).Append('>');
            // Character data: '&' and '<' must be escaped, '>' is escaped too so "]]>" can never appear. Control
            // characters other than tab, CR and LF are not allowed in XML 1.0 at all: refused rather than written.
            foreach (char c in text)
            {
                switch (c)
                {
                    case '&': _text.Append("&amp;"); break;
                    case '<': _text.Append("&lt;"); break;
                    case '>': _text.Append("&gt;"); break;
                    case < ' ' and not ('\t' or '\n' or '\r'):
                        throw new ArgumentException($"a control character (U+{(int)c:X4}) cannot be written in a property list");
                    default: _text.Append(c); break;
                }
            }
            _text.Append("</").Append(name).Append(">\n");
        }

        private StringBuilder Indent() => _text.Append('\t', _open.Count);
    }
}
