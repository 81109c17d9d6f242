using OnLan.Ike;
using OnLan.Ike.Crypto;
using OnLan.Ike.Messages;

namespace OnLan.Testing.Ike;

public sealed partial class IkeTestInitiator
{
    private IdentificationPayload? _eapResponderId;

    /// <summary>Every EAP packet the responder sent, in order.</summary>
    public List<byte[]> EapPacketsReceived { get; } = [];

    // EAP in IKE_AUTH (RFC 7296 §2.16), the initiator's side:
    //   HDR, SK {IDi, [IDr,] CP(CFG_REQUEST), SAi2, TSi, TSr}  -->  <--  HDR, SK {IDr, CERT, AUTH, EAP(Request)}
    //   HDR, SK {EAP(Response)}  -->                                <--  HDR, SK {EAP(Request | Success | Failure)}
    //   HDR, SK {AUTH(MSK)}  -->                                    <--  HDR, SK {AUTH(MSK), CP(CFG_REPLY), SAr2, TSi, TSr}
    // The responder's certificate signature is not checked here: these tests are about the EAP rounds and the MSK.
    private void ReceiveEapRound(List<IkePayload> response, uint spi, TimeSpan now, List<IkeDatagram> output)
    {
        _eapResponderId ??= response.FindIdentification(initiator: false);
        if (response.Find<EapPayload>() is not { Data.Length: > 0 } eap)
        {
            Fail(response.FindErrorNotify()?.NotifyType ?? throw new InvalidDataException("IKE_AUTH response with neither EAP nor an error"));
            return;
        }
        EapPacketsReceived.Add(eap.Data);
        switch (eap.Data[0])
        {
            case 1: // Request
                SendRequest(_sa, ExchangeType.IkeAuth, [new EapPayload(_options.EapPeer!(eap.Data))], now, output,
                    (next, at, more) => ReceiveEapRound(next, spi, at, more));
                break;
            case 3: // Success
                var msk = _options.EapMsk!();
                var idi = Identification(_options.Identity, initiator: true);
                var signed = Authentication.SignedOctets(_sa.Prf, _initRequest, _nonceR, _sa.Keys.Sk_pi, idi.BodyBytes());
                SendRequest(_sa, ExchangeType.IkeAuth,
                    [new AuthenticationPayload(AuthenticationMethod.SharedKeyMessageIntegrityCode, Authentication.SharedKeyAuth(_sa.Prf, msk, signed))],
                    now, output, (last, _, _) => ReceiveAuthResponse(last, spi, msk));
                break;
            default: // Failure
                Fail(response.FindErrorNotify()?.NotifyType ?? NotifyType.AuthenticationFailed);
                break;
        }
    }
}
