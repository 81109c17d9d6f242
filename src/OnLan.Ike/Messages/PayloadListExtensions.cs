namespace OnLan.Ike.Messages;

/// <summary>Typed look-ups over a parsed payload list, for the exchange code (no LINQ, no reflection).</summary>
public static class PayloadListExtensions
{
    /// <summary>The first payload of type <typeparamref name="T"/>, or null.</summary>
    public static T? Find<T>(this IReadOnlyList<IkePayload> payloads) where T : IkePayload
    {
        for (int i = 0; i < payloads.Count; i++)
            if (payloads[i] is T match) return match;
        return null;
    }

    /// <summary>The first IDi (<paramref name="initiator"/>) or IDr payload, or null.</summary>
    public static IdentificationPayload? FindIdentification(this IReadOnlyList<IkePayload> payloads, bool initiator)
    {
        for (int i = 0; i < payloads.Count; i++)
            if (payloads[i] is IdentificationPayload id && id.IsInitiator == initiator) return id;
        return null;
    }

    /// <summary>The first TSi (<paramref name="initiator"/>) or TSr payload, or null.</summary>
    public static TrafficSelectorPayload? FindTrafficSelectors(this IReadOnlyList<IkePayload> payloads, bool initiator)
    {
        for (int i = 0; i < payloads.Count; i++)
            if (payloads[i] is TrafficSelectorPayload ts && ts.IsInitiator == initiator) return ts;
        return null;
    }

    /// <summary>Every Notify payload, in message order.</summary>
    public static IEnumerable<NotifyPayload> Notifies(this IReadOnlyList<IkePayload> payloads)
    {
        for (int i = 0; i < payloads.Count; i++)
            if (payloads[i] is NotifyPayload notify) yield return notify;
    }

    /// <summary>The first Notify of <paramref name="type"/>, or null.</summary>
    public static NotifyPayload? FindNotify(this IReadOnlyList<IkePayload> payloads, NotifyType type)
    {
        for (int i = 0; i < payloads.Count; i++)
            if (payloads[i] is NotifyPayload notify && notify.NotifyType == type) return notify;
        return null;
    }

    /// <summary>The first error Notify (type below 16384), or null.</summary>
    public static NotifyPayload? FindErrorNotify(this IReadOnlyList<IkePayload> payloads)
    {
        for (int i = 0; i < payloads.Count; i++)
            if (payloads[i] is NotifyPayload { IsError: true } notify) return notify;
        return null;
    }

    /// <summary>How many payloads are of type <typeparamref name="T"/>.</summary>
    public static int Count<T>(this IReadOnlyList<IkePayload> payloads) where T : IkePayload
    {
        int count = 0;
        for (int i = 0; i < payloads.Count; i++)
            if (payloads[i] is T) count++;
        return count;
    }

    /// <summary>How many payloads are written as <paramref name="type"/> (tells IDi from IDr, TSi from TSr).</summary>
    public static int Count(this IReadOnlyList<IkePayload> payloads, PayloadType type)
    {
        int count = 0;
        for (int i = 0; i < payloads.Count; i++)
            if (payloads[i].Type == type) count++;
        return count;
    }
}
