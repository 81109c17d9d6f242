using System.Buffers.Binary;

using X509Certificate2 = System.Security.Cryptography.X509Certificates.X509Certificate2;
using System.Text;
using OnLan.Ike.Eap;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace OnLan.Ike.Tests.Eap;

/// <summary>
/// An EAP-TLS peer for the tests: BouncyCastle's TLS client in non-blocking mode, with its own EAP-TLS framing
/// written from RFC 5216 §3 (not the server's helpers, so a framing bug on one side shows). It fragments its own
/// flights at <paramref name="fragmentSize"/> octets of TLS data, acknowledges the server's fragments, and computes
/// the MSK with BouncyCastle's exporter, independently of the server's PRF call.
/// </summary>
internal sealed class EapTlsTestPeer(string identity, X509Certificate2? clientCertificate, int fragmentSize = 900)
{
    private const byte LengthIncluded = 0x80, MoreFragments = 0x40, Start = 0x20;

    private TlsClientProtocol? _tls;
    private ClientPolicy? _policy;
    private readonly MemoryStream _incoming = new();
    private byte[] _outgoing = [];
    private int _outgoingSent;

    public byte[]? Msk => _policy?.Msk;
    public bool HandshakeCompleted => _policy?.Msk is not null;
    /// <summary>Empty EAP-TLS requests the server sent while this peer's fragments went out.</summary>
    public int AcknowledgementsReceived { get; private set; }
    /// <summary>Empty responses this peer sent for the server's fragments (M set).</summary>
    public int AcknowledgementsSent { get; private set; }
    public int FragmentsSent { get; private set; }
    public List<byte[]> Requests { get; } = [];

    /// <summary>The response to a request, or null for Success, Failure, or anything this peer cannot answer.</summary>
    public byte[]? Respond(byte[] request)
    {
        Requests.Add(request);
        if (EapPacket.TryParse(request, out var packet) != EapParseError.None || packet.Code != EapCode.Request)
            return null;
        if (packet.Type == EapType.Identity)
            return EapPacket.WriteTyped(EapCode.Response, packet.Identifier, EapType.Identity, Encoding.UTF8.GetBytes(identity));
        if (packet.Type != EapType.Tls)
            return null;
        var typeData = packet.TypeData;
        byte flags = typeData[0];
        var data = typeData[((flags & LengthIncluded) != 0 ? 5 : 1)..];

        if ((flags & Start) != 0)
        {
            _policy = new ClientPolicy(clientCertificate);
            _tls = new TlsClientProtocol();
            _tls.Connect(_policy);
            return Send(packet.Identifier, TakeOutput());
        }
        if (_outgoingSent < _outgoing.Length)
        {
            Assert.True(data.IsEmpty, "the server sent data while this peer's fragments were out");
            AcknowledgementsReceived++;
            return NextFragment(packet.Identifier);
        }
        _incoming.Write(data);
        if ((flags & MoreFragments) != 0)
        {
            AcknowledgementsSent++;
            return Response(packet.Identifier, 0, null, []);
        }
        byte[] flight = _incoming.ToArray();
        _incoming.SetLength(0);
        _tls!.OfferInput(flight);
        // After the server's Finished there is nothing to say: the empty response asks for EAP-Success.
        return Send(packet.Identifier, TakeOutput());
    }

    private byte[] TakeOutput()
    {
        var output = new byte[_tls!.GetAvailableOutputBytes()];
        if (output.Length > 0) _tls.ReadOutput(output, 0, output.Length);
        return output;
    }

    private byte[] Send(byte identifier, byte[] message)
    {
        _outgoing = message;
        _outgoingSent = 0;
        return NextFragment(identifier);
    }

    private byte[] NextFragment(byte identifier)
    {
        int length = Math.Min(fragmentSize, _outgoing.Length - _outgoingSent);
        bool first = _outgoingSent == 0, more = _outgoingSent + length < _outgoing.Length;
        byte flags = (byte)((more ? MoreFragments : 0) | (first && more ? LengthIncluded : 0));
        var data = _outgoing.AsSpan(_outgoingSent, length);
        _outgoingSent += length;
        if (!data.IsEmpty) FragmentsSent++;
        return Response(identifier, flags, first && more ? (uint)_outgoing.Length : null, data);
    }

    private static byte[] Response(byte identifier, byte flags, uint? totalLength, ReadOnlySpan<byte> data)
    {
        var typeData = new byte[(totalLength is null ? 1 : 5) + data.Length];
        typeData[0] = flags;
        if (totalLength is { } total) BinaryPrimitives.WriteUInt32BigEndian(typeData.AsSpan(1), total);
        data.CopyTo(typeData.AsSpan(totalLength is null ? 1 : 5));
        return EapPacket.WriteTyped(EapCode.Response, identifier, EapType.Tls, typeData);
    }

    private sealed class ClientPolicy(X509Certificate2? certificate) : DefaultTlsClient(new BcTlsCrypto(new SecureRandom()))
    {
        public byte[]? Msk { get; private set; }

        private X509Certificate2? Certificate => certificate;

        public override TlsAuthentication GetAuthentication() => new Authentication(this);

        public override void NotifyHandshakeComplete()
        {
            base.NotifyHandshakeComplete();
            // RFC 5216 §2.3 through the RFC 5705 exporter with no context: the same PRF, computed by the library.
            Msk = m_context.ExportKeyingMaterial("client EAP encryption", null, 64);
        }

        private sealed class Authentication(ClientPolicy policy) : TlsAuthentication
        {
            // The server's certificate is the server's business in these tests; the gateway side is under test.
            public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
            {
            }

            public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest)
            {
                if (policy.Certificate is not { } certificate) return null!; // no certificate: an empty Certificate message
                var crypto = (BcTlsCrypto)policy.Crypto;
                using var key = System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions.GetECDsaPrivateKey(certificate)!;
                var privateKey = PrivateKeyFactory.CreateKey(key.ExportPkcs8PrivateKey());
                var chain = new Certificate([crypto.CreateCertificate(certificate.RawData)]);
                var algorithm = TlsUtilities.ChooseSignatureAndHashAlgorithm(policy.m_context,
                    certificateRequest.SupportedSignatureAlgorithms, SignatureAlgorithm.ecdsa);
                return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(policy.m_context), crypto, privateKey, chain, algorithm);
            }
        }
    }
}
