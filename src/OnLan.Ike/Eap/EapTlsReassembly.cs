namespace OnLan.Ike.Eap;

/// <summary>
/// Collects one TLS message from a peer's EAP-TLS fragments (RFC 5216 §3.2), never holding more than
/// <paramref name="maxLength"/> octets: the cap is what keeps an unauthenticated peer from making the gateway buffer
/// without bound, so it is checked against the declared TLS Message Length and against what actually arrives.
/// </summary>
/// <remarks>
/// RFC 5216 puts L on the first fragment of a fragmented message; a peer may repeat it on later ones (it must then
/// agree) or send it on an unfragmented message. A message without any L is accepted too: its length is what arrives.
/// </remarks>
internal sealed class EapTlsReassembly(int maxLength)
{
    private readonly MemoryStream _collected = new();
    private uint? _declaredLength;

    /// <summary>Whether an earlier fragment (with M set) is waiting for the rest.</summary>
    public bool IsCollecting => _collected.Length > 0 || _declaredLength is not null;

    /// <summary>Takes one fragment. Complete: <see cref="TakeMessage"/> holds the message (possibly empty: an acknowledgement).</summary>
    public EapTlsReassemblyResult Add(EapTlsMessage fragment)
    {
        if (fragment.HasMessageLength)
        {
            uint declared = fragment.MessageLength;
            if (declared > maxLength || (_declaredLength is { } earlier && earlier != declared))
                return EapTlsReassemblyResult.Refused;
            _declaredLength = declared;
        }
        long total = _collected.Length + fragment.Data.Length;
        if (total > maxLength || (_declaredLength is { } expected && total > expected))
            return EapTlsReassemblyResult.Refused;
        if (fragment.HasMoreFragments)
        {
            // A fragment that says "more follow" but carries nothing makes no progress: a peer looping on it is broken.
            if (fragment.Data.IsEmpty)
                return EapTlsReassemblyResult.Refused;
            _collected.Write(fragment.Data);
            return EapTlsReassemblyResult.NeedMore;
        }
        _collected.Write(fragment.Data);
        if (_declaredLength is { } length && _collected.Length != length)
            return EapTlsReassemblyResult.Refused;
        return EapTlsReassemblyResult.Complete;
    }

    /// <summary>The reassembled message, after <see cref="Add"/> said Complete; starts the next one afresh.</summary>
    public byte[] TakeMessage()
    {
        byte[] message = _collected.ToArray();
        _collected.SetLength(0);
        _declaredLength = null;
        return message;
    }
}

