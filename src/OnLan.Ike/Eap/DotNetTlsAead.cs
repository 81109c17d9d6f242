using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl;

namespace OnLan.Ike.Eap;

/// <summary>
/// AES-GCM or ChaCha20-Poly1305 for TLS records, on .NET's <see cref="AesGcm"/> / <see cref="ChaCha20Poly1305"/>
/// (the ones ESP uses) instead of BouncyCastle's AES engine, GCM mode, ChaCha and Poly1305: one copy of the ciphers
/// in the binary, for its size contract (see <see cref="LeanTlsCrypto"/>). BouncyCastle's TlsAeadCipher still makes
/// the nonces and the additional data; this class only seals or opens one record.
/// </summary>
internal sealed class DotNetTlsAead(bool chaCha, bool encrypt) : TlsAeadCipherImpl
{
    private const int TagLength = 16;

    private AesGcm? _aesGcm;
    private ChaCha20Poly1305? _chaCha;
    private byte[] _nonce = [];
    private byte[]? _additionalData;

    public void SetKey(byte[] key, int keyOff, int keyLen) => SetKey(key.AsSpan(keyOff, keyLen));

    public void SetKey(ReadOnlySpan<byte> key)
    {
        if (chaCha)
            _chaCha = new ChaCha20Poly1305(key);
        else
            _aesGcm = new AesGcm(key, TagLength);
    }

    public void Init(byte[] nonce, int macSize, byte[]? additionalData)
    {
        if (macSize != TagLength)
            throw new TlsFatalAlert(AlertDescription.internal_error, "AEAD tag of " + macSize + " octets");
        _nonce = nonce;
        _additionalData = additionalData;
    }

    public int GetOutputSize(int inputLength) => encrypt ? inputLength + TagLength : Math.Max(0, inputLength - TagLength);

    public int DoFinal(byte[] input, int inputOffset, int inputLength, byte[] output, int outputOffset) =>
        DoFinal(_additionalData, input, inputOffset, inputLength, output, outputOffset);

    public int DoFinal(byte[]? additionalData, byte[] input, int inputOffset, int inputLength, byte[] output, int outputOffset)
    {
        // .NET allows in place (same start) but not a partial overlap.
        if (ReferenceEquals(input, output) && inputOffset != outputOffset)
        {
            input = input.AsSpan(inputOffset, inputLength).ToArray();
            inputOffset = 0;
        }
        var source = input.AsSpan(inputOffset, inputLength);
        if (encrypt)
        {
            Seal(source, output.AsSpan(outputOffset, inputLength), output.AsSpan(outputOffset + inputLength, TagLength), additionalData);
            return inputLength + TagLength;
        }
        if (inputLength < TagLength)
            throw new TlsFatalAlert(AlertDescription.bad_record_mac);
        int length = inputLength - TagLength;
        try
        {
            Open(source[..length], source[length..], output.AsSpan(outputOffset, length), additionalData);
        }
        catch (CryptographicException e)
        {
            throw new TlsFatalAlert(AlertDescription.bad_record_mac, e);
        }
        return length;
    }

    public void Reset()
    {
    }

    private void Seal(ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> additionalData)
    {
        if (_chaCha is not null)
            _chaCha.Encrypt(_nonce, plaintext, ciphertext, tag, additionalData);
        else
            (_aesGcm ?? throw new TlsFatalAlert(AlertDescription.internal_error)).Encrypt(_nonce, plaintext, ciphertext, tag, additionalData);
    }

    private void Open(ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> additionalData)
    {
        if (_chaCha is not null)
            _chaCha.Decrypt(_nonce, ciphertext, tag, plaintext, additionalData);
        else
            (_aesGcm ?? throw new TlsFatalAlert(AlertDescription.internal_error)).Decrypt(_nonce, ciphertext, tag, plaintext, additionalData);
    }
}
