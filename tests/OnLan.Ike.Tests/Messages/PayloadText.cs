using System.Text;
using OnLan.Ike.Messages;

namespace OnLan.Ike.Tests.Messages;

/// <summary>
/// A canonical text for payloads, field by field with arrays as hex: records compare arrays by reference, so
/// tests compare this text instead (and get a readable diff when it differs).
/// </summary>
internal static class PayloadText
{
    public static string Of(IReadOnlyList<IkePayload> payloads)
    {
        var text = new StringBuilder();
        foreach (IkePayload payload in payloads) text.AppendLine(Of(payload));
        return text.ToString();
    }

    public static string Of(IkePayload payload)
    {
        string fields = payload switch
        {
            SecurityAssociationPayload sa => string.Join(" ", sa.Proposals.Select(Of)),
            KeyExchangePayload ke => $"{ke.Group} {Hex(ke.Data)}",
            IdentificationPayload id => $"{id.IsInitiator} {id.IdType} {Hex(id.Data)}",
            CertificatePayload cert => $"{cert.Encoding} {Hex(cert.Data)}",
            CertificateRequestPayload certreq => $"{certreq.Encoding} {Hex(certreq.Data)}",
            AuthenticationPayload auth => $"{auth.Method} {Hex(auth.Data)}",
            NoncePayload nonce => Hex(nonce.Data),
            NotifyPayload n => $"{n.Protocol} spi={Hex(n.Spi)} {n.NotifyType} {Hex(n.Data)}",
            DeletePayload d => $"{d.Protocol} [{string.Join(",", d.Spis.Select(Hex))}]",
            VendorIdPayload v => Hex(v.Data),
            TrafficSelectorPayload ts => $"{ts.IsInitiator} " + string.Join(" ", ts.Selectors.Select(Of)),
            ConfigurationPayload cp => $"{cp.CfgType} " + string.Join(" ", cp.Attributes.Select(a => $"{a.AttributeType}={Hex(a.Value)}")),
            EapPayload eap => Hex(eap.Data),
            EncryptedPayload sk => $"{sk.FirstInnerPayload} {Hex(sk.Body)}",
            EncryptedFragmentPayload skf => $"{skf.FragmentNumber}/{skf.TotalFragments} {skf.FirstInnerPayload} {Hex(skf.Body)}",
            UnknownPayload unknown => Hex(unknown.Body),
            _ => throw new ArgumentException(payload.GetType().Name),
        };
        return $"{payload.Type} C={payload.Critical}: {fields}";
    }

    private static string Of(Proposal p) =>
        $"#{p.Number} {p.Protocol} spi={Hex(p.Spi)} {{{string.Join(" ", p.Transforms.Select(Of))}}}";

    private static string Of(Transform t) => $"{t.Type}:{t.Id}{(t.KeyLength is ushort k ? "/" + k : "")}{(t.HasUnknownAttribute ? "?" : "")}";

    private static string Of(TrafficSelector s) =>
        $"{s.TsType}/{s.IpProtocol}/{s.StartPort}-{s.EndPort}/{Hex(s.StartAddress)}-{Hex(s.EndAddress)}";

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes);
}
