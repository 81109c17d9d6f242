using OnLan.Ike;
using OnLan.Ike.Messages;

namespace OnLan.Testing.Ike;

/// <summary>Our one request in flight: its datagrams for retransmission and what to do with the answer.</summary>
internal sealed class PendingRequest(uint messageId, ExchangeType exchange, List<byte[]> datagrams, TimeSpan now, TimeSpan timeout,
    Action<List<IkePayload>, TimeSpan, List<IkeDatagram>> onResponse)
{
    public uint MessageId { get; } = messageId;
    public ExchangeType Exchange { get; } = exchange;
    public List<byte[]> Datagrams { get; } = datagrams;
    public Action<List<IkePayload>, TimeSpan, List<IkeDatagram>> OnResponse { get; } = onResponse;
    public TimeSpan Timeout { get; set; } = timeout;
    public TimeSpan NextRetransmit { get; set; } = now + timeout;
}
