namespace OnLan.Ike.Messages;

/// <summary>
/// Which payloads each exchange's messages may carry, and how many: a table, one row per message shape, each
/// with its RFC 7296 picture. A message is accepted when any row for its exchange, direction and layer accepts it.
/// </summary>
/// <remarks>
/// <para>
/// Layer: <c>encrypted: false</c> checks the plaintext payloads after the IKE header; <c>encrypted: true</c>
/// checks the payloads decrypted from SK (or reassembled from SKF). A row accepts when every payload's type has a
/// limit in the row, each count lies within its limit, at least one of <see cref="Row.OneOf"/> is present, and
/// <see cref="Row.AllOrNone"/> are all present or all absent. <see cref="UnknownPayload"/>s (C=0) are ignored: the
/// engine skips them (RFC 7296 §2.5). Missing, surplus or foreign payloads are InvalidSyntax.
/// </para>
/// <para>
/// The table checks presence and counts only; which combination a given step of an exchange expects (an EAP round
/// versus the first IKE_AUTH) is the exchange's to decide. Vendor ID payloads are allowed everywhere (§3.12).
/// Model: strongSwan <c>encoding/message.c</c> payload rules.
/// </para>
/// </remarks>
public static class PayloadRules
{
    private const int Any = int.MaxValue;

    private readonly record struct Limit(PayloadType Type, int Min, int Max);

    /// <param name="Response">The direction; null for a row that fits requests and responses alike.</param>
    /// <param name="OneOf">At least one of these must be present (null: no such rule).</param>
    /// <param name="AllOrNone">These come together or not at all (null: no such rule).</param>
    private sealed record Row(
        ExchangeType Exchange, bool? Response, bool Encrypted, Limit[] Limits,
        PayloadType[]? OneOf = null, PayloadType[]? AllOrNone = null);

    private const PayloadType Sa = PayloadType.SecurityAssociation;
    private const PayloadType Ke = PayloadType.KeyExchange;
    private const PayloadType IdI = PayloadType.IdentificationInitiator;
    private const PayloadType IdR = PayloadType.IdentificationResponder;
    private const PayloadType Cert = PayloadType.Certificate;
    private const PayloadType CertReq = PayloadType.CertificateRequest;
    private const PayloadType Auth = PayloadType.Authentication;
    private const PayloadType Nonce = PayloadType.Nonce;
    private const PayloadType N = PayloadType.Notify;
    private const PayloadType D = PayloadType.Delete;
    private const PayloadType V = PayloadType.VendorId;
    private const PayloadType TsI = PayloadType.TrafficSelectorInitiator;
    private const PayloadType TsR = PayloadType.TrafficSelectorResponder;
    private const PayloadType Sk = PayloadType.Encrypted;
    private const PayloadType Cp = PayloadType.Configuration;
    private const PayloadType Eap = PayloadType.ExtensibleAuthentication;
    private const PayloadType Skf = PayloadType.EncryptedFragment;

    private static Limit One(PayloadType type) => new(type, 1, 1);
    private static Limit Optional(PayloadType type) => new(type, 0, 1);
    private static Limit Many(PayloadType type) => new(type, 0, Any);
    private static Limit AtLeastOne(PayloadType type) => new(type, 1, Any);

    private static readonly Row[] Rows =
    [
        // HDR, SAi1, KEi, Ni, [N+], [V+] -->                     (§1.2; a retry after a cookie adds N(COOKIE))
        new(ExchangeType.IkeSaInit, Response: false, Encrypted: false,
            [One(Sa), One(Ke), One(Nonce), Many(N), Many(V)]),
        // <-- HDR, SAr1, KEr, Nr, [CERTREQ+], [N+], [V+]         (§1.2)
        new(ExchangeType.IkeSaInit, Response: true, Encrypted: false,
            [One(Sa), One(Ke), One(Nonce), Many(CertReq), Many(N), Many(V)]),
        // <-- HDR, N(COOKIE) | N(INVALID_KE_PAYLOAD) | N(NO_PROPOSAL_CHOSEN), [V+]   (§2.6, §1.3)
        new(ExchangeType.IkeSaInit, Response: true, Encrypted: false,
            [AtLeastOne(N), Many(V)]),

        // HDR, SK {...} -->  and  <-- HDR, SK {...}: the protected exchanges carry one SK, or one SKF (RFC 7383).
        new(ExchangeType.IkeAuth, Response: null, Encrypted: false, [Optional(Sk), Optional(Skf)], OneOf: [Sk, Skf]),
        new(ExchangeType.CreateChildSa, Response: null, Encrypted: false, [Optional(Sk), Optional(Skf)], OneOf: [Sk, Skf]),
        new(ExchangeType.Informational, Response: null, Encrypted: false, [Optional(Sk), Optional(Skf)], OneOf: [Sk, Skf]),

        // HDR, SK {IDi, [CERT+,] [CERTREQ+,] [IDr,] AUTH, [CP(CFG_REQUEST),] SAi2, TSi, TSr, [N+], [V+]} -->
        //   (§1.2, §2.19; AUTH left out when the initiator wants EAP (§2.16); SAi2/TSi/TSr all left out by a
        //   childless initiator (RFC 6023))
        new(ExchangeType.IkeAuth, Response: false, Encrypted: true,
            [One(IdI), Many(Cert), Many(CertReq), Optional(IdR), Optional(Auth), Optional(Cp),
             Optional(Sa), Optional(TsI), Optional(TsR), Many(N), Many(V), Optional(Eap)],
            AllOrNone: [Sa, TsI, TsR]),
        // HDR, SK {EAP} -->   and the closing   HDR, SK {AUTH} -->          (§2.16 EAP rounds)
        new(ExchangeType.IkeAuth, Response: false, Encrypted: true,
            [Optional(Eap), Optional(Auth), Many(N), Many(V)],
            OneOf: [Eap, Auth]),
        // <-- HDR, SK {IDr, [CERT+,] AUTH, [CP(CFG_REPLY),] [SAr2, TSi, TSr,] [N+], [V+]}
        // <-- HDR, SK {IDr, [CERT+,] AUTH, EAP}                              (§1.2, §2.16)
        new(ExchangeType.IkeAuth, Response: true, Encrypted: true,
            [One(IdR), Many(Cert), One(Auth), Optional(Cp), Optional(Sa), Optional(TsI), Optional(TsR),
             Optional(Eap), Many(N), Many(V)],
            AllOrNone: [Sa, TsI, TsR]),
        // <-- HDR, SK {EAP}
        // <-- HDR, SK {AUTH, [CP(CFG_REPLY),] [SAr2, TSi, TSr,] [N+]}       (end of EAP, §2.16)
        // <-- HDR, SK {N(AUTHENTICATION_FAILED) ...}                         (§2.21.2)
        new(ExchangeType.IkeAuth, Response: true, Encrypted: true,
            [Optional(Eap), Optional(Auth), Optional(Cp), Optional(Sa), Optional(TsI), Optional(TsR), Many(N), Many(V)],
            OneOf: [Eap, Auth, N], AllOrNone: [Sa, TsI, TsR]),

        // HDR, SK {SA, Ni, [KEi,] [TSi, TSr,] [N+]} -->       (§1.3.1 new Child SA, §1.3.2 IKE SA rekey without TS,
        //                                                       §1.3.3 Child SA rekey with N(REKEY_SA))
        new(ExchangeType.CreateChildSa, Response: false, Encrypted: true,
            [One(Sa), One(Nonce), Optional(Ke), Optional(TsI), Optional(TsR), Many(N), Many(V)],
            AllOrNone: [TsI, TsR]),
        // <-- HDR, SK {SA, Nr, [KEr,] [TSi, TSr,] [N+]}
        new(ExchangeType.CreateChildSa, Response: true, Encrypted: true,
            [One(Sa), One(Nonce), Optional(Ke), Optional(TsI), Optional(TsR), Many(N), Many(V)],
            AllOrNone: [TsI, TsR]),
        // <-- HDR, SK {N(NO_PROPOSAL_CHOSEN | INVALID_KE_PAYLOAD | TS_UNACCEPTABLE | ...)}   (§1.3)
        new(ExchangeType.CreateChildSa, Response: true, Encrypted: true,
            [AtLeastOne(N), Many(V)]),

        // HDR, SK {[N,] [D,] [CP,] ...} -->   <-- HDR, SK {[N,] [D,] [CP], ...}   (§1.4; empty = liveness check)
        new(ExchangeType.Informational, Response: null, Encrypted: true,
            [Many(N), Many(D), Many(Cp), Many(V)]),
    ];

    /// <summary>
    /// Checks <paramref name="payloads"/> of one message against the table: <see cref="IkeError.None"/> when a
    /// row for (<paramref name="exchange"/>, <paramref name="response"/>, <paramref name="encrypted"/>) accepts
    /// them, <see cref="IkeError.InvalidSyntax"/> otherwise (also for an exchange or layer with no row, such as an
    /// encrypted IKE_SA_INIT).
    /// </summary>
    public static IkeError Check(ExchangeType exchange, bool response, bool encrypted, IReadOnlyList<IkePayload> payloads)
    {
        Span<int> counts = stackalloc int[256];
        for (int i = 0; i < payloads.Count; i++)
            if (payloads[i] is not UnknownPayload) counts[(byte)payloads[i].Type]++;

        foreach (Row row in Rows)
        {
            if (row.Exchange != exchange || row.Encrypted != encrypted) continue;
            if (row.Response is bool direction && direction != response) continue;
            if (Accepts(row, counts)) return IkeError.None;
        }
        return IkeError.InvalidSyntax;
    }

    private static bool Accepts(Row row, ReadOnlySpan<int> counts)
    {
        int allowed = 0, present = 0;
        foreach (Limit limit in row.Limits)
        {
            int count = counts[(byte)limit.Type];
            if (count < limit.Min || count > limit.Max) return false;
            allowed += count;
        }
        foreach (int count in counts) present += count;
        if (present != allowed) return false; // a payload type the row does not list

        if (row.OneOf is not null)
        {
            bool any = false;
            foreach (PayloadType type in row.OneOf) any |= counts[(byte)type] > 0;
            if (!any) return false;
        }
        if (row.AllOrNone is not null)
        {
            int seen = 0;
            foreach (PayloadType type in row.AllOrNone) if (counts[(byte)type] > 0) seen++;
            if (seen != 0 && seen != row.AllOrNone.Length) return false;
        }
        return true;
    }
}
