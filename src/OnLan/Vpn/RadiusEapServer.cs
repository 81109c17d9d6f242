using System.Security.Cryptography;
using System.Text;
using OnLan.Ike;
using OnLan.Ike.Eap;
using OnLan.Radius;
using OnLan.Wire;

namespace OnLan.Vpn;

/// <summary>
/// The IKE engine's EAP server when RADIUS authenticates (RFC 3579 §2.1, as strongSwan's eap-radius): the gateway
/// sends its own EAP-Request/Identity, and from the peer's Response/Identity on every EAP packet goes to the RADIUS
/// server and every answer comes back from it, asynchronously (<see cref="Receive"/> returns null, <see cref="Poll"/>
/// delivers). Access-Accept ends it with the MSK from the MS-MPPE keys and, when given, the Framed-IP-Address as the
/// lease; Access-Reject or silence from every server ends it with EAP-Failure. Runs on the WAN thread.
/// </summary>
internal sealed class RadiusEapServer(RadiusService service) : IEapServer
{
    private readonly byte _identityRequestId = (byte)RandomNumberGenerator.GetInt32(256);
    private Ipv4Address? _peer;
    private RadiusLogin? _login;
    private byte _lastResponseId;
    private string? _eapIdentity;

    public bool Succeeded { get; private set; }
    public bool Failed { get; private set; }
    public bool ServerSilent { get; private set; }
    public string? Identity { get; private set; }
    public byte[]? Msk { get; private set; }
    public Ipv4Address? AssignedAddress { get; private set; }

    public byte[] Start() => EapPacket.WriteIdentityRequest(_identityRequestId);

    public byte[] Start(Ipv4Address peer)
    {
        _peer = peer;
        return Start();
    }

    public byte[]? Receive(ReadOnlySpan<byte> response)
    {
        if (response.Length < EapPacket.HeaderLength) return Fail(_lastResponseId);
        _lastResponseId = response[1];
        if (_login is null)
        {
            // The Response/Identity names the user: RADIUS's User-Name (RFC 3579 §2.1).
            if (EapPacket.TryParse(response, out var packet) != EapParseError.None || packet.Code != EapCode.Response ||
                packet.Type != EapType.Identity || packet.Identifier != _identityRequestId || packet.TypeData.IsEmpty)
                return Fail(_lastResponseId);
            Identity = _eapIdentity = Encoding.UTF8.GetString(packet.TypeData);
            _login = new RadiusLogin(_eapIdentity, _peer?.ToString());
        }
        service.Post(_login, response.ToArray());
        return null;
    }

    public byte[]? Poll()
    {
        if (_login?.TakeReply() is not { } reply) return null;
        switch (reply.Outcome)
        {
            case RadiusOutcome.Challenge when reply.Eap is { Length: >= EapPacket.HeaderLength } request:
                return request;
            case RadiusOutcome.Accept when reply.Msk is { Length: >= MppeKey.MskLength } msk:
                Succeeded = true;
                Msk = msk;
                Identity = reply.UserName ?? _eapIdentity;
                AssignedAddress = reply.FramedAddress;
                return reply.Eap is [(byte)EapCode.Success, ..] success ? success : EapPacket.WriteSuccess(_lastResponseId);
            default:
                // Reject, silence, or an answer IKE cannot use (a challenge without EAP, an accept without keys).
                ServerSilent = reply.Outcome == RadiusOutcome.Timeout;
                return reply.Eap is [(byte)EapCode.Failure, ..] failure && reply.Outcome == RadiusOutcome.Reject
                    ? Fail(failure)
                    : Fail(_lastResponseId);
        }
    }

    public void Cancel()
    {
        if (_login is not null && !Succeeded && !Failed) service.Post(_login, null);
    }

    private byte[] Fail(byte identifier) => Fail(EapPacket.WriteFailure(identifier));

    private byte[] Fail(byte[] failure)
    {
        Failed = true;
        return failure;
    }
}
