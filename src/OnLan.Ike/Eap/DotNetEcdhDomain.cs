using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace OnLan.Ike.Eap;

/// <summary>
/// ECDHE on a NIST curve (secp256r1, secp384r1) with .NET's <see cref="ECDiffieHellman"/>. BouncyCastle's EC domain
/// looks curves up in tables that bring every named curve's code and constants into the binary, over its size
/// contract (see <see cref="LeanTlsCrypto"/>).
/// </summary>
internal sealed class DotNetEcdhDomain(TlsCrypto crypto, ECCurve curve, int coordinateLength) : TlsECDomain
{
    public TlsAgreement CreateECDH() => new Agreement(crypto, curve, coordinateLength);

    /// <summary>One ephemeral exchange. Points are uncompressed, 04 || X || Y (RFC 8422 §5.4.1).</summary>
    private sealed class Agreement(TlsCrypto crypto, ECCurve curve, int coordinateLength) : TlsAgreement
    {
        private ECDiffieHellman? _local;
        private ECDiffieHellman? _peer;

        public byte[] GenerateEphemeral()
        {
            _local = ECDiffieHellman.Create(curve);
            var q = _local.ExportParameters(includePrivateParameters: false).Q;
            var point = new byte[1 + 2 * coordinateLength];
            point[0] = 0x04;
            q.X!.CopyTo(point.AsSpan(1 + coordinateLength - q.X!.Length));
            q.Y!.CopyTo(point.AsSpan(1 + 2 * coordinateLength - q.Y!.Length));
            return point;
        }

        public void ReceivePeerValue(byte[] peerValue)
        {
            if (peerValue.Length != 1 + 2 * coordinateLength || peerValue[0] != 0x04)
                throw new TlsFatalAlert(AlertDescription.illegal_parameter, "the peer's EC point is not an uncompressed point of the curve");
            try
            {
                // Importing checks that the point is on the curve (a point off it would leak the private key).
                _peer = ECDiffieHellman.Create(new ECParameters
                {
                    Curve = curve,
                    Q = new ECPoint
                    {
                        X = peerValue.AsSpan(1, coordinateLength).ToArray(),
                        Y = peerValue.AsSpan(1 + coordinateLength, coordinateLength).ToArray(),
                    },
                });
            }
            catch (CryptographicException e)
            {
                throw new TlsFatalAlert(AlertDescription.illegal_parameter, "the peer's EC point is not on the curve", e);
            }
        }

        public TlsSecret CalculateSecret()
        {
            if (_local is null || _peer is null)
                throw new TlsFatalAlert(AlertDescription.internal_error);
            // The x-coordinate, at full length (RFC 8422 §5.10).
            byte[] secret = _local.DeriveRawSecretAgreement(_peer.PublicKey);
            try
            {
                return crypto.CreateSecret(secret);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(secret);
                _local.Dispose();
                _peer.Dispose();
            }
        }
    }
}
