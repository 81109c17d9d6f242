using OnLan.Ike.Messages;

namespace OnLan.Ike.Tests.Messages;

public class PayloadListExtensionsTests
{
    private static readonly IReadOnlyList<IkePayload> Payloads =
    [
        new IdentificationPayload(true, IdentificationType.Fqdn, [1]),
        new NotifyPayload(NotifyType.InitialContact, []),
        new IdentificationPayload(false, IdentificationType.Fqdn, [2]),
        new NotifyPayload(NotifyType.NoProposalChosen, []),
        new NotifyPayload(NotifyType.InitialContact, [9]),
    ];

    [Fact]
    public void Find_returns_the_first_payload_of_a_type_or_null()
    {
        Assert.Same(Payloads[0], Payloads.Find<IdentificationPayload>());
        Assert.Null(Payloads.Find<NoncePayload>());
        Assert.Same(Payloads[2], Payloads.FindIdentification(initiator: false));
    }

    [Fact]
    public void Notify_helpers_find_by_type_and_keep_message_order()
    {
        Assert.Equal(3, Payloads.Notifies().Count());
        Assert.Same(Payloads[1], Payloads.FindNotify(NotifyType.InitialContact));
        Assert.Same(Payloads[3], Payloads.FindErrorNotify());
        Assert.Null(Payloads.FindNotify(NotifyType.Cookie));
    }

    [Fact]
    public void Count_counts_by_record_type_or_by_payload_type()
    {
        Assert.Equal(3, Payloads.Count<NotifyPayload>());
        Assert.Equal(2, Payloads.Count<IdentificationPayload>());
        Assert.Equal(1, Payloads.Count(PayloadType.IdentificationResponder));
        Assert.Equal(0, Payloads.Count<NoncePayload>());
    }
}
