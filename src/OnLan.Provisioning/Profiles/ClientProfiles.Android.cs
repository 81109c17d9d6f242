using System.Globalization;
using System.Text;

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

        // Written by hand rather than with System.Text.Json's writer: a handful of strings in objects, and the writer
        // costs the board's binary tens of KB of its 6 MB budget.
        var json = new JsonWriter();
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
        return json.Finish();
    }

    /// <summary>
    /// Indented JSON (two spaces), as much as a profile needs: objects, arrays of strings, string members. Strings
    /// escape quotes, backslashes and control characters (RFC 8259 §7) and nothing else, so base64's '+' and '/'
    /// stay readable.
    /// </summary>
    private sealed class JsonWriter
    {
        private readonly StringBuilder _text = new();
        private readonly Stack<bool> _hasItems = new();

        public void WriteStartObject(string? name = null) => Open(name, '{');

        public void WriteStartArray(string name) => Open(name, '[');

        public void WriteEndObject() => Close('}');

        public void WriteEndArray() => Close(']');

        public void WriteString(string name, string value)
        {
            Item(name);
            Quoted(value);
        }

        public void WriteStringValue(string value)
        {
            Item(null);
            Quoted(value);
        }

        public string Finish() => _text.Append('\n').ToString();

        private void Open(string? name, char bracket)
        {
            if (_hasItems.Count > 0) Item(name);
            _text.Append(bracket);
            _hasItems.Push(false);
        }

        private void Close(char bracket)
        {
            bool hadItems = _hasItems.Pop();
            if (hadItems) NewLine();
            _text.Append(bracket);
        }

        // A separator after the previous item of the container, the new line and indentation, and the member's name.
        private void Item(string? name)
        {
            if (_hasItems.Pop()) _text.Append(',');
            _hasItems.Push(true);
            NewLine();
            if (name is null) return;
            Quoted(name);
            _text.Append(": ");
        }

        private void NewLine() => _text.Append('\n').Append(' ', 2 * _hasItems.Count);

        private void Quoted(string value)
        {
            _text.Append('"');
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': _text.Append("\\\""); break;
                    case '\\': _text.Append("\\\\"); break;
                    case '\n': _text.Append("\\n"); break;
                    case '\r': _text.Append("\\r"); break;
                    case '\t': _text.Append("\\t"); break;
                    case < ' ': _text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                    default: _text.Append(c); break;
                }
            }
            _text.Append('"');
        }
    }
}
