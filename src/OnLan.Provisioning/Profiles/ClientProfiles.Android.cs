using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OnLan.Provisioning.Profiles;

public static partial class ClientProfiles
{
    // One proposal each (the app parses a single proposal string), AEAD only: every strongSwan for Android has them.
    internal const string AndroidIkeProposal = "aes256gcm16-aes128gcm16-chacha20poly1305-prfsha256-prfsha384-x25519-ecp256-modp2048";
    internal const string AndroidEspProposal = "aes256gcm16-aes128gcm16-chacha20poly1305";

    /// <summary>
    /// A strongSwan for Android profile (<c>.sswan</c>, JSON, read by the app's VpnProfileImportActivity): type
    /// <c>ikev2-cert</c> (with the PKCS#12 as <c>local.p12</c> when the request carries it; the app asks for its
    /// password) or <c>ikev2-eap</c>; the CA as <c>remote.cert</c>; the LAN segment and split networks as
    /// <c>split-tunneling.subnets</c>.
    /// </summary>
    /// <exception cref="NotSupportedException">For PSK authentication: strongSwan for Android refuses pre-shared keys.</exception>
    public static string Android(ProfileRequest request)
    {
        var r = Resolve(request);
        if (r.Authentication == ClientAuthentication.PreSharedKey)
            throw new NotSupportedException(
                "strongSwan for Android does not do pre-shared keys: issue the user a client certificate (or use EAP) for Android");

        // Relaxed escaping keeps base64's '+' readable; quotes, backslashes and control characters are still escaped.
        var output = new MemoryStream();
        using (var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("uuid", StableUuid("sswan", r.Request.ServerAddress, r.Identity).ToString("D"));
            json.WriteString("name", r.Name);
            json.WriteString("type", r.Authentication == ClientAuthentication.Certificate ? "ikev2-cert" : "ikev2-eap");

            json.WriteStartObject("remote");
            json.WriteString("addr", r.Request.ServerAddress);
            json.WriteString("id", r.RemoteIdentity);
            json.WriteString("cert", Convert.ToBase64String(r.CaCertificateDer));
            json.WriteEndObject();

            json.WriteStartObject("local");
            if (r.Authentication == ClientAuthentication.Certificate)
            {
                json.WriteString("id", r.Identity);
                if (r.Request.ClientCertificate is { } credential) json.WriteString("p12", Convert.ToBase64String(credential.Pkcs12));
            }
            else
            {
                json.WriteString("eap_id", r.Identity);
            }
            json.WriteEndObject();

            json.WriteString("ike-proposal", AndroidIkeProposal);
            json.WriteString("esp-proposal", AndroidEspProposal);

            json.WriteStartObject("split-tunneling");
            json.WriteStartArray("subnets");
            foreach (string network in r.Networks) json.WriteStringValue(network);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(output.GetBuffer(), 0, (int)output.Length) + "\n";
    }
}
