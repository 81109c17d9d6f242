using OnLan.Ike.Auth;
using OnLan.Ike.Crypto;
using OnLan.Ike.Messages;
using OnLan.Ike.Sa;

namespace OnLan.Ike.Responder;

public sealed partial class IkeResponder
{
    // EAP in IKE_AUTH (RFC 7296 §2.16), for peers that leave AUTH out of their first IKE_AUTH:
    //   HDR, SK {IDi, [CERTREQ,] [IDr,] [CP(CFG_REQUEST),] SAi2, TSi, TSr}  -->
    //                                  <--  HDR, SK {IDr, CERT, AUTH, EAP(Request/Identity)}
    //   HDR, SK {EAP}  -->             <--  HDR, SK {EAP(Request)}          (as many rounds as the method needs)
    //   HDR, SK {EAP}  -->             <--  HDR, SK {EAP(Success)}
    //   HDR, SK {AUTH} -->             <--  HDR, SK {AUTH, CP(CFG_REPLY), SAr2, TSi, TSr}
    // The gateway proves itself with its certificate at once; the peer's AUTH at the end, and ours, are computed with
    // the EAP method's MSK in place of a pre-shared key. The SA stays half-open (and its timer runs) until then.
    private List<IkePayload> BeginEap(IkeSa sa, IEapServer server, List<IkePayload> request, IdentificationPayload idi)
    {
        sa.Eap = new EapRounds(server, request, idi);
        var ourId = LocalIdentification();
        var ourOctets = Authentication.SignedOctets(sa.Prf, sa.InitResponse, sa.NonceI, sa.Keys.Sk_pr, ourId.BodyBytes());
        var (method, scheme) = SignatureAuthenticator.Choose(ServerKey!, PeerSignatureHashes(sa));
        Counters.EapStarted++;
        return
        [
            ourId,
            new CertificatePayload(CertificateEncoding.X509Signature, _options.ServerCertificate!.RawData),
            new AuthenticationPayload(method, SignatureAuthenticator.Sign(ServerKey!, method, scheme, ourOctets)),
            new EapPayload(server.Start(sa.Remote.Address)),
        ];
    }

    private List<IkePayload>? ContinueEap(IkeSa sa, EapRounds rounds, IkeHeader header, List<IkePayload> request, TimeSpan now)
    {
        var server = rounds.Server;
        if (request.Find<EapPayload>() is { } eap && !server.Succeeded && !server.Failed)
        {
            var next = server.Receive(eap.Data);
            if (next is null)
            {
                // The method asks a server (RADIUS): the answer goes out from Poll (ResumeEap).
                Counters.EapWaits++;
                sa.AwaitingEap = new EapWait(header, now);
                return null;
            }
            return AnswerEap(sa, rounds, next, now);
        }
        var auth = request.Find<AuthenticationPayload>();
        if (auth is null || !server.Succeeded || server.Msk is not { } msk ||
            auth.Method != AuthenticationMethod.SharedKeyMessageIntegrityCode || Throttle.IsBlocked(server.Identity ?? "", sa.Remote.Address, now) ||
            !Authentication.VerifySharedKeyAuth(sa.Prf, msk,
                Authentication.SignedOctets(sa.Prf, sa.InitRequest, sa.NonceR, sa.Keys.Sk_pi, rounds.InitiatorId.BodyBytes()), auth.Data))
        {
            Counters.AuthenticationFailures++;
            AuthenticationRefused?.Invoke(server.Identity ?? IdentityText(rounds.InitiatorId), "AUTH after EAP does not verify with the MSK");
            sa.State = IkeSaState.Dead;
            return [new NotifyPayload(ProtocolId.None, [], NotifyType.AuthenticationFailed, [])];
        }
        sa.Eap = null;
        sa.AddressFromAuthentication = server.AssignedAddress;
        var ourId = LocalIdentification();
        var ourOctets = Authentication.SignedOctets(sa.Prf, sa.InitResponse, sa.NonceI, sa.Keys.Sk_pr, ourId.BodyBytes());
        var response = new List<IkePayload>
        {
            new AuthenticationPayload(AuthenticationMethod.SharedKeyMessageIntegrityCode, Authentication.SharedKeyAuth(sa.Prf, msk, ourOctets)),
        };
        // The lease and the logs know the user by the name EAP authenticated, not by the IKE identity it sent.
        return Establish(sa, header, rounds.FirstRequest, server.Identity ?? IdentityText(rounds.InitiatorId), response, now);
    }

    // The EAP method's next packet for the peer; on EAP-Failure the SA ends with it.
    private List<IkePayload> AnswerEap(IkeSa sa, EapRounds rounds, byte[] next, TimeSpan now)
    {
        var server = rounds.Server;
        if (server.Failed)
        {
            // EAP-Failure tells the peer; the SA ends once it is out.
            if (!server.ServerSilent) Throttle.Failed(server.Identity ?? IdentityText(rounds.InitiatorId), sa.Remote.Address, now);
            Counters.AuthenticationFailures++;
            AuthenticationRefused?.Invoke(server.Identity ?? IdentityText(rounds.InitiatorId),
                server.ServerSilent ? "no answer from the authentication server" : "EAP authentication failed");
            sa.State = IkeSaState.Dead;
            // EAP-Failure for the method, AUTHENTICATION_FAILED for IKE (RFC 7296 §2.21.2): the SA is over.
            return [new EapPayload(next), new NotifyPayload(ProtocolId.None, [], NotifyType.AuthenticationFailed, [])];
        }
        return [new EapPayload(next)];
    }

    // Poll's half of an EAP round whose answer the method owed (RADIUS): sends it once it is there. After EapWaitLimit
    // the login fails with AUTHENTICATION_FAILED; the user is not throttled for it (the server was silent, not wrong).
    private void ResumeEap(IkeSa sa, EapWait wait, TimeSpan now, List<IkeDatagram> output)
    {
        var rounds = sa.Eap!;
        var next = rounds.Server.Poll();
        if (next is null)
        {
            if (now - wait.Since < _options.EapWaitLimit) return;
            sa.AwaitingEap = null; // the method is cancelled when the SA is removed, after this answer
            Counters.EapTimeouts++;
            Counters.AuthenticationFailures++;
            AuthenticationRefused?.Invoke(rounds.Server.Identity ?? IdentityText(rounds.InitiatorId), "no answer from the authentication server in time");
            sa.State = IkeSaState.Dead;
            Respond(sa, wait.Request, [new NotifyPayload(ProtocolId.None, [], NotifyType.AuthenticationFailed, [])], output);
            AfterResponse(sa);
            return;
        }
        sa.AwaitingEap = null;
        Respond(sa, wait.Request, AnswerEap(sa, rounds, next, now), output);
        AfterResponse(sa);
    }
}
