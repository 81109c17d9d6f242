namespace OnLan.Dhcp;

/// <summary>What <see cref="LanDhcpServer"/> did since it was made; dropped requests are counted, never logged one by one.</summary>
/// <param name="Malformed">Requests that did not parse, were not BOOTREQUESTs, or named no client.</param>
/// <param name="Relayed">Requests with giaddr set: not served (see <see cref="LanDhcpServer"/>).</param>
/// <param name="Unanswered">Well-formed requests that needed no answer or were not for this server.</param>
/// <param name="Exhausted">DHCPDISCOVERs left unanswered because no address was free.</param>
/// <param name="ReplyTooLarge">Answers that did not fit the caller's buffer.</param>
public readonly record struct LanDhcpCounters(
    long Malformed,
    long Relayed,
    long Unanswered,
    long Offers,
    long Acks,
    long Naks,
    long Declines,
    long Releases,
    long Informs,
    long Exhausted,
    long ReplyTooLarge);
