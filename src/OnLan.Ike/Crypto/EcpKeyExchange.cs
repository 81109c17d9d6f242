using System.Numerics;
using System.Security.Cryptography;
using OnLan.Ike.Messages;

namespace OnLan.Ike.Crypto;

/// <summary>
/// ECP groups 19 and 20 (RFC 5903) with .NET's ECDiffieHellman. KE data is x | y, each padded to the field size
/// (RFC 5903 §7); g^ir is the x-coordinate of the shared point (RFC 5903 §9).
/// </summary>
internal sealed class EcpKeyExchange : IKeyExchange
{
    private static readonly CurveCheck P256 = new(ECCurve.NamedCurves.nistP256);
    private static readonly CurveCheck P384 = new(ECCurve.NamedCurves.nistP384);

    private readonly ECDiffieHellman _key;
    private readonly CurveCheck _curve;

    public EcpKeyExchange(KeyExchangeGroup group)
    {
        Group = group;
        _curve = Curve(group);
        _key = ECDiffieHellman.Create(_curve.Named);
        PublicKey = Export(_key, _curve.CoordinateLength);
    }

    /// <summary>For tests: a chosen private scalar (big-endian, field-size bytes).</summary>
    internal EcpKeyExchange(KeyExchangeGroup group, ReadOnlySpan<byte> privateKey)
    {
        Group = group;
        _curve = Curve(group);
        _key = ECDiffieHellman.Create(new ECParameters { Curve = _curve.Named, D = privateKey.ToArray() });
        PublicKey = Export(_key, _curve.CoordinateLength);
    }

    public KeyExchangeGroup Group { get; }
    public byte[] PublicKey { get; }

    public byte[]? DeriveSharedSecret(ReadOnlySpan<byte> peerPublicKey)
    {
        int n = _curve.CoordinateLength;
        if (peerPublicKey.Length != 2 * n) return null;
        // Checked here rather than by catching the import's exception: bad KE data is ordinary input, not an error.
        if (!_curve.IsOnCurve(peerPublicKey[..n], peerPublicKey[n..])) return null;
        var parameters = new ECParameters
        {
            Curve = _curve.Named,
            Q = new ECPoint { X = peerPublicKey[..n].ToArray(), Y = peerPublicKey[n..].ToArray() },
        };
        try
        {
            using var peer = ECDiffieHellman.Create(parameters);
            return _key.DeriveRawSecretAgreement(peer.PublicKey);
        }
        catch (CryptographicException)
        {
            // Backstop only: IsOnCurve already refused every point the provider would reject.
            return null;
        }
    }

    public void Dispose() => _key.Dispose();

    private static CurveCheck Curve(KeyExchangeGroup group) => group switch
    {
        KeyExchangeGroup.Ecp256 => P256,
        KeyExchangeGroup.Ecp384 => P384,
        _ => throw new ArgumentOutOfRangeException(nameof(group), group, "not an ECP group"),
    };

    private static byte[] Export(ECDiffieHellman key, int n)
    {
        ECParameters p = key.ExportParameters(includePrivateParameters: false);
        var result = new byte[2 * n];
        p.Q.X!.CopyTo(result, n - p.Q.X!.Length);
        p.Q.Y!.CopyTo(result, 2 * n - p.Q.Y!.Length);
        return result;
    }

    /// <summary>The short-Weierstrass equation y² = x³ + ax + b (mod p) of one named curve.</summary>
    private sealed class CurveCheck
    {
        private readonly BigInteger _p, _a, _b;

        public CurveCheck(ECCurve named)
        {
            Named = named;
            using var probe = ECDiffieHellman.Create(named);
            ECParameters explicitParameters = probe.ExportExplicitParameters(includePrivateParameters: false);
            ECCurve c = explicitParameters.Curve;
            CoordinateLength = c.Prime!.Length;
            _p = new BigInteger(c.Prime, isUnsigned: true, isBigEndian: true);
            _a = new BigInteger(c.A!, isUnsigned: true, isBigEndian: true);
            _b = new BigInteger(c.B!, isUnsigned: true, isBigEndian: true);
        }

        public ECCurve Named { get; }
        public int CoordinateLength { get; }

        public bool IsOnCurve(ReadOnlySpan<byte> xBytes, ReadOnlySpan<byte> yBytes)
        {
            var x = new BigInteger(xBytes, isUnsigned: true, isBigEndian: true);
            var y = new BigInteger(yBytes, isUnsigned: true, isBigEndian: true);
            if (x >= _p || y >= _p) return false;
            BigInteger left = y * y % _p;
            BigInteger right = ((x * x % _p + _a) * x + _b) % _p;
            return left == right;
        }
    }
}
