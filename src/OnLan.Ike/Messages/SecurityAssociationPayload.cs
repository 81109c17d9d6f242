namespace OnLan.Ike.Messages;

/// <summary>
/// Security Association payload (SA), RFC 7296 §3.3: one or more proposals.
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Next Payload  |C|  RESERVED   |         Payload Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                          <Proposals>                          ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Parse errors: no proposal, a Last Substruc other than 0/2 or not matching the position, transform counts that
/// disagree → InvalidSyntax; a substructure length too small or past its container → BadLength.
/// </summary>
public sealed record SecurityAssociationPayload(IReadOnlyList<Proposal> Proposals) : IkePayload
{
    public override PayloadType Type => PayloadType.SecurityAssociation;

    public override int BodyLength
    {
        get
        {
            int length = 0;
            foreach (Proposal proposal in Proposals) length += proposal.Length;
            return length;
        }
    }

    public override void WriteBody(Span<byte> destination)
    {
        int offset = 0;
        for (int i = 0; i < Proposals.Count; i++)
        {
            Proposals[i].WriteTo(destination[offset..], last: i == Proposals.Count - 1);
            offset += Proposals[i].Length;
        }
    }

    /// <summary>Parses the body (the bytes after the generic header).</summary>
    public static IkeError TryParse(ReadOnlySpan<byte> body, out SecurityAssociationPayload? payload)
    {
        payload = null;
        if (body.IsEmpty) return IkeError.InvalidSyntax;
        var proposals = new List<Proposal>();
        bool sawLast = false;
        while (!body.IsEmpty)
        {
            if (sawLast) return IkeError.InvalidSyntax;
            IkeError error = Proposal.TryRead(body, out Proposal? proposal, out int length, out sawLast);
            if (error != IkeError.None) return error;
            proposals.Add(proposal!);
            body = body[length..];
        }
        if (!sawLast) return IkeError.InvalidSyntax;
        payload = new SecurityAssociationPayload(proposals);
        return IkeError.None;
    }
}
