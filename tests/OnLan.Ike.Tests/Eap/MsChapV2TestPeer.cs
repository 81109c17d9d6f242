using System.Text;
using OnLan.Ike.Eap;

namespace OnLan.Ike.Tests.Eap;

/// <summary>
/// A minimal EAP-MSCHAPv2 peer built on the same <see cref="MsChapV2"/> functions, as strongSwan's peer side would
/// behave: answers Identity, Challenge and Success requests; checks the server's "S=" before acknowledging.
/// </summary>
internal sealed class MsChapV2TestPeer(string identity, string name, string password, byte[] peerChallenge)
{
    private byte[] _ntResponse = [];
    private string _expectedAuthenticatorResponse = "";

    public byte[]? Msk { get; private set; }
    public bool ServerAuthenticated { get; private set; }
    public byte[]? LastResponse { get; private set; }

    /// <summary>The response to a request, or null for anything this peer would reject.</summary>
    public byte[]? Respond(byte[] request)
    {
        if (EapPacket.TryParse(request, out var packet) != EapParseError.None || packet.Code != EapCode.Request)
            return null;
        byte[]? response = packet.Type switch
        {
            EapType.Identity => EapPacket.WriteTyped(EapCode.Response, packet.Identifier, EapType.Identity, Encoding.UTF8.GetBytes(identity)),
            EapType.MsChapV2 when packet.TypeData[0] == (byte)MsChapV2OpCode.Challenge => RespondToChallenge(packet),
            EapType.MsChapV2 when packet.TypeData[0] == (byte)MsChapV2OpCode.Success => RespondToSuccess(packet),
            _ => null,
        };
        LastResponse = response;
        return response;
    }

    private byte[]? RespondToChallenge(EapPacket packet)
    {
        if (MsChapV2Challenge.TryParse(packet.TypeData, out var challenge) != EapParseError.None)
            return null;
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        byte[] passwordHash = MsChapV2.NtPasswordHash(password);
        _ntResponse = MsChapV2.GenerateNtResponse(challenge.AuthenticatorChallenge, peerChallenge, nameBytes, passwordHash);
        _expectedAuthenticatorResponse = MsChapV2.GenerateAuthenticatorResponse(
            passwordHash, _ntResponse, peerChallenge, challenge.AuthenticatorChallenge, nameBytes);
        Msk = MsChapV2.GenerateMsk(passwordHash, _ntResponse);
        return MsChapV2Response.Write(packet.Identifier, challenge.MsChapV2Id, peerChallenge, _ntResponse, nameBytes);
    }

    // Success request: OpCode, MS-CHAPv2-ID, MS-Length, "S=<40 hex> M=<message>"; the response is the OpCode alone.
    private byte[]? RespondToSuccess(EapPacket packet)
    {
        string message = Encoding.ASCII.GetString(packet.TypeData[4..]);
        ServerAuthenticated = message.Split(' ')[0] == _expectedAuthenticatorResponse;
        if (!ServerAuthenticated)
            return null;
        return EapPacket.WriteTyped(EapCode.Response, packet.Identifier, EapType.MsChapV2, [(byte)MsChapV2OpCode.Success]);
    }
}
