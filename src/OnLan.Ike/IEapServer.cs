using OnLan.Wire;

namespace OnLan.Ike;

/// <summary>
/// One EAP authentication on the server side (RFC 3748), as IKE_AUTH carries it (RFC 7296 §2.16): the engine passes
/// EAP packets back and forth and, on success, signs the last AUTH with the MSK. The method (MS-CHAPv2, TLS…) is
/// the implementation's.
/// </summary>
/// <remarks>
/// A method may need time to answer (EAP passed through to a RADIUS server): then <see cref="Receive"/> returns null,
/// the engine holds the IKE_AUTH answer (absorbing the peer's retransmissions) and calls <see cref="Poll"/> on each of
/// its polls until the packet is there, or gives up after a time limit and calls <see cref="Cancel"/>. A method that
/// answers at once (MS-CHAPv2) implements only the synchronous members. Every member is called on the engine's thread.
/// </remarks>
public interface IEapServer
{
    /// <summary>The first request (EAP-Request/Identity).</summary>
    byte[] Start();

    /// <summary>The first request, for a peer whose IKE messages come from <paramref name="peer"/> (RADIUS's Calling-Station-Id).</summary>
    byte[] Start(Ipv4Address peer) => Start();

    /// <summary>
    /// The next EAP packet to send for the peer's <paramref name="response"/> (a request, Success or Failure), or null
    /// when the answer is not known yet: <see cref="Poll"/> delivers it.
    /// </summary>
    byte[]? Receive(ReadOnlySpan<byte> response);

    /// <summary>The answer <see cref="Receive"/> left pending, once it is known; null meanwhile.</summary>
    byte[]? Poll() => null;

    /// <summary>The engine stopped waiting (time limit, or the IKE SA went away): nothing more will be asked.</summary>
    void Cancel() { }

    /// <summary>
    /// An address the authentication server assigned the user (RADIUS Framed-IP-Address), once <see cref="Succeeded"/>;
    /// null: the address section chooses.
    /// </summary>
    Ipv4Address? AssignedAddress => null;

    /// <summary>True once EAP-Success was sent; <see cref="Msk"/> and <see cref="Identity"/> are then set.</summary>
    bool Succeeded { get; }

    /// <summary>True once EAP-Failure was sent.</summary>
    bool Failed { get; }

    /// <summary>
    /// With <see cref="Failed"/>: the method failed because its server never answered (every RADIUS server silent),
    /// not because of the user's credentials; such a failure is not held against the user or the source address.
    /// </summary>
    bool ServerSilent => false;

    /// <summary>The user who authenticated (the EAP identity), for the lease and the logs.</summary>
    string? Identity { get; }

    /// <summary>The Master Session Key the last AUTH payloads are computed with.</summary>
    byte[]? Msk { get; }
}
