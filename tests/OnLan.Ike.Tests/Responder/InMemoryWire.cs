using OnLan.Ike.Messages;

namespace OnLan.Ike.Tests.Responder;

public enum Direction
{
    ToResponder,
    ToInitiator,
}

/// <summary>A datagram that crossed the wire (or was lost on it), with the virtual time it was delivered at.</summary>
public sealed record WireRecord(TimeSpan At, Direction Direction, IkeHeader Header, byte[] Message, bool Dropped);

/// <summary>
/// The UDP path between the two engines, in memory and under virtual time: FIFO per delivery time, with rules that
/// drop, duplicate or delay the datagrams they match (smoltcp's FaultInjector, quinn's test Pair).
/// </summary>
public sealed class InMemoryWire
{
    private readonly List<(TimeSpan DeliverAt, long Order, Direction Direction, IkeDatagram Datagram)> _inFlight = [];
    private readonly List<Rule> _rules = [];
    private long _order;

    /// <summary>Everything handed to the wire, in the order it was delivered (or dropped).</summary>
    public List<WireRecord> Log { get; } = [];

    public IEnumerable<WireRecord> Delivered(Direction direction, ExchangeType exchange, bool response) =>
        Log.Where(r => !r.Dropped && r.Direction == direction && r.Header.Exchange == exchange && r.Header.IsResponse == response);

    public void Drop(Direction direction, Func<IkeHeader, bool> match, int count = 1) => _rules.Add(new Rule(direction, match, count, Fault.Drop, default));
    public void Duplicate(Direction direction, Func<IkeHeader, bool> match, int count = 1) => _rules.Add(new Rule(direction, match, count, Fault.Duplicate, default));
    public void Delay(Direction direction, Func<IkeHeader, bool> match, TimeSpan by, int count = 1) => _rules.Add(new Rule(direction, match, count, Fault.Delay, by));

    public void Send(Direction direction, IEnumerable<IkeDatagram> datagrams, TimeSpan now)
    {
        foreach (var datagram in datagrams)
        {
            IkeHeader.TryRead(datagram.Message, out var header);
            var rule = _rules.Find(r => r.Direction == direction && r.Remaining > 0 && r.Match(header));
            if (rule is not null) rule.Remaining--;
            switch (rule?.Fault)
            {
                case Fault.Drop:
                    Log.Add(new WireRecord(now, direction, header, datagram.Message, Dropped: true));
                    break;
                case Fault.Duplicate:
                    _inFlight.Add((now, _order++, direction, datagram));
                    _inFlight.Add((now, _order++, direction, datagram));
                    break;
                case Fault.Delay:
                    _inFlight.Add((now + rule.By, _order++, direction, datagram));
                    break;
                default:
                    _inFlight.Add((now, _order++, direction, datagram));
                    break;
            }
        }
    }

    /// <summary>The oldest datagram due at <paramref name="now"/>, taken off the wire; false when none is.</summary>
    public bool TryTake(TimeSpan now, out Direction direction, out IkeDatagram datagram)
    {
        int best = -1;
        for (int i = 0; i < _inFlight.Count; i++)
        {
            if (_inFlight[i].DeliverAt > now) continue;
            if (best < 0 || (_inFlight[i].DeliverAt, _inFlight[i].Order).CompareTo((_inFlight[best].DeliverAt, _inFlight[best].Order)) < 0) best = i;
        }
        if (best < 0)
        {
            (direction, datagram) = (default, null!);
            return false;
        }
        (_, _, direction, datagram) = _inFlight[best];
        _inFlight.RemoveAt(best);
        IkeHeader.TryRead(datagram.Message, out var header);
        Log.Add(new WireRecord(now, direction, header, datagram.Message, Dropped: false));
        return true;
    }

    private enum Fault
    {
        Drop,
        Duplicate,
        Delay,
    }

    private sealed class Rule(Direction direction, Func<IkeHeader, bool> match, int remaining, Fault fault, TimeSpan by)
    {
        public Direction Direction { get; } = direction;
        public Func<IkeHeader, bool> Match { get; } = match;
        public int Remaining { get; set; } = remaining;
        public Fault Fault { get; } = fault;
        public TimeSpan By { get; } = by;
    }
}
