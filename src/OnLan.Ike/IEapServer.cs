namespace OnLan.Ike;

/// <summary>
/// One EAP authentication on the server side (RFC 3748), as IKE_AUTH carries it (RFC 7296 §2.16): the engine passes
/// EAP packets back and forth and, on success, signs the last AUTH with the MSK. The method (MS-CHAPv2, TLS…) is
/// the implementation's.
/// </summary>
public interface IEapServer
{
    /// <summary>The first request (EAP-Request/Identity).</summary>
    byte[] Start();

    /// <summary>The next EAP packet to send for the peer's <paramref name="response"/> (a request, Success or Failure).</summary>
    byte[] Receive(ReadOnlySpan<byte> response);

    /// <summary>True once EAP-Success was sent; <see cref="Msk"/> and <see cref="Identity"/> are then set.</summary>
    bool Succeeded { get; }

    /// <summary>True once EAP-Failure was sent.</summary>
    bool Failed { get; }

    /// <summary>The user who authenticated (the EAP identity), for the lease and the logs.</summary>
    string? Identity { get; }

    /// <summary>The Master Session Key the last AUTH payloads are computed with.</summary>
    byte[]? Msk { get; }
}
