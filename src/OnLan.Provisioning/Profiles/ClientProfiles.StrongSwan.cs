using System.Text;

namespace OnLan.Provisioning.Profiles;

public static partial class ClientProfiles
{
    // AEAD and CBC+HMAC proposals apart: strongSwan does not mix them in one proposal.
    internal const string StrongSwanIkeProposals =
        "aes256gcm16-aes128gcm16-chacha20poly1305-prfsha256-prfsha384-prfsha512-x25519-ecp256-ecp384-modp3072-modp2048, " +
        "aes256-aes128-sha256-sha384-sha512-prfsha256-prfsha384-prfsha512-x25519-ecp256-ecp384-modp3072-modp2048";

    internal const string StrongSwanEspProposals = "aes256gcm16-aes128gcm16-chacha20poly1305, aes256-aes128-sha256-sha384-sha512";

    /// <summary>
    /// A swanctl.conf (strongSwan 5.9) road-warrior connection named <c>onlan</c>: a virtual IP by the configuration
    /// payload (<c>vips = 0.0.0.0</c>), the LAN segment and split networks as <c>remote_ts</c>, rekeying before the
    /// gateway's lifetimes end, started by hand (<c>swanctl --initiate --child onlan</c>). With PSK authentication it
    /// ends with a <c>secrets</c> section holding this user's key. Certificates are referred to by file name
    /// (<see cref="ProfileRequest.CaCertificateFileName"/> in x509ca/, the client's in x509/ and private/).
    /// </summary>
    public static string StrongSwan(ProfileRequest request)
    {
        var r = Resolve(request);
        var s = new StringBuilder();
        s.Append("# OnLan VPN: ").Append(r.Identity).Append(" to ").Append(r.Request.ServerAddress).Append(" (swanctl.conf, strongSwan 5.9)\n");
        s.Append("connections {\n");
        s.Append("    onlan {\n");
        s.Append("        version = 2\n");
        s.Append("        remote_addrs = ").Append(SwanctlQuote(r.Request.ServerAddress)).Append('\n');
        s.Append("        vips = 0.0.0.0\n");
        s.Append("        proposals = ").Append(StrongSwanIkeProposals).Append('\n');
        s.Append("        rekey_time = ").Append(r.IkeRekeySeconds).Append("s\n");
        if (r.Vpn.DpdIntervalSeconds > 0) s.Append("        dpd_delay = ").Append(r.Vpn.DpdIntervalSeconds).Append("s\n");
        if (r.Authentication == ClientAuthentication.Certificate) s.Append("        send_cert = always\n");
        s.Append("        local {\n");
        switch (r.Authentication)
        {
            case ClientAuthentication.PreSharedKey:
                s.Append("            auth = psk\n");
                break;
            case ClientAuthentication.Certificate:
                s.Append("            auth = pubkey\n");
                s.Append("            certs = ").Append(SwanctlQuote(r.Request.ClientCertificateFileName)).Append('\n');
                break;
            case ClientAuthentication.EapMschapv2:
                s.Append("            auth = eap-mschapv2\n");
                s.Append("            eap_id = ").Append(SwanctlQuote(r.Identity)).Append('\n');
                break;
        }
        s.Append("            id = ").Append(SwanctlQuote(r.Identity)).Append('\n');
        s.Append("        }\n");
        s.Append("        remote {\n");
        if (r.Authentication == ClientAuthentication.PreSharedKey)
        {
            s.Append("            auth = psk\n");
        }
        else
        {
            s.Append("            auth = pubkey\n");
            s.Append("            cacerts = ").Append(SwanctlQuote(r.Request.CaCertificateFileName)).Append('\n');
        }
        s.Append("            id = ").Append(SwanctlQuote(r.RemoteIdentity)).Append('\n');
        s.Append("        }\n");
        s.Append("        children {\n");
        s.Append("            onlan {\n");
        s.Append("                remote_ts = ").Append(string.Join(", ", r.Networks)).Append('\n');
        s.Append("                esp_proposals = ").Append(StrongSwanEspProposals).Append('\n');
        s.Append("                rekey_time = ").Append(r.ChildRekeySeconds).Append("s\n");
        s.Append("                start_action = none\n");
        s.Append("            }\n");
        s.Append("        }\n");
        s.Append("    }\n");
        s.Append("}\n");

        switch (r.Authentication)
        {
            case ClientAuthentication.PreSharedKey:
                s.Append("secrets {\n");
                s.Append("    ike-onlan {\n");
                s.Append("        id-local = ").Append(SwanctlQuote(r.Identity)).Append('\n');
                s.Append("        id-remote = ").Append(SwanctlQuote(r.RemoteIdentity)).Append('\n');
                s.Append("        secret = ").Append(SwanctlSecret(r.PreSharedKey!)).Append('\n');
                s.Append("    }\n");
                s.Append("}\n");
                break;
            case ClientAuthentication.Certificate:
                s.Append("# Files: x509ca/").Append(r.Request.CaCertificateFileName).Append(" (the gateway's CA), x509/")
                    .Append(r.Request.ClientCertificateFileName).Append(", private/").Append(r.Request.ClientKeyFileName).Append('\n');
                break;
            case ClientAuthentication.EapMschapv2:
                s.Append("# Add the EAP password: secrets { eap-onlan { id = ").Append(r.Identity).Append("  secret = \"...\" } }\n");
                break;
        }
        return s.ToString();
    }

    /// <summary>A swanctl.conf string value, always in double quotes (backslash and quote escaped).</summary>
    private static string SwanctlQuote(string value)
    {
        var s = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            if (c is '"' or '\\') s.Append('\\');
            s.Append(c);
        }
        return s.Append('"').ToString();
    }

    /// <summary>
    /// A secret as swanctl reads it: quoted when it is plain printable ASCII, else (and when it starts with "0x" or
    /// "0s", which swanctl would decode as hex or base64) base64 of its UTF-8 with the <c>0s</c> prefix, quoted too.
    /// </summary>
    private static string SwanctlSecret(string secret)
    {
        bool plain = !secret.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && !secret.StartsWith("0s", StringComparison.OrdinalIgnoreCase);
        foreach (char c in secret)
            if (c < ' ' || c > '~' || c is '"' or '\\' or '$' or '#') plain = false;
        return "\"" + (plain ? secret : "0s" + Convert.ToBase64String(Encoding.UTF8.GetBytes(secret))) + "\"";
    }
}
