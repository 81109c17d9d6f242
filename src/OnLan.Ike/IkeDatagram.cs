namespace OnLan.Ike;

/// <summary>
/// One IKE message the engine wants sent, from <paramref name="Local"/> (the port it must leave from: 500 or 4500)
/// to <paramref name="Remote"/>. The bytes are the IKE message itself; the I/O edge adds the non-ESP marker on 4500.
/// </summary>
public sealed record IkeDatagram(IkeEndpoint Local, IkeEndpoint Remote, byte[] Message);
