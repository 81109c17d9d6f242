using OnLan.Ike.Messages;
using OnLan.Ike.Responder;
using OnLan.Testing.Ike;
using OnLan.Wire;

namespace OnLan.Ike.Tests.Responder;

/// <summary>
/// The responder and a test initiator back to back (quinn-proto's test Pair): one fake clock, one in-memory wire,
/// twins of the data plane and the address pool. Nothing here reads a clock or sleeps: <see cref="Advance"/> moves
/// virtual time in steps, polling both engines' timers and delivering what is due.
/// </summary>
public sealed class Pair
{
    public const string Psk = "correct horse battery staple";
    public const string ClientId = "client@onlan.test";
    public static readonly Ipv4Prefix Lan = new(new Ipv4Address(192, 168, 1, 1), 24);
    public static readonly Ipv4Address Dns = new(192, 168, 1, 1);
    public const string Domain = "office.onlan.test";
    public static readonly Ipv4Address[] PoolAddresses = [new(192, 168, 1, 200), new(192, 168, 1, 201), new(192, 168, 1, 202)];

    private Pair(IkeResponderOptions responder, IkeTestInitiatorOptions initiator)
    {
        Responder = new IkeResponder(responder, Installer, Pool);
        Initiator = new IkeTestInitiator(initiator);
    }

    public TimeSpan Now { get; private set; }
    public IkeResponder Responder { get; }
    public IkeTestInitiator Initiator { get; }
    public RecordingInstaller Installer { get; } = new();
    public RecordingPool Pool { get; } = new(PoolAddresses);
    public InMemoryWire Wire { get; } = new();

    public static IkeResponderOptions DefaultResponderOptions => new()
    {
        LocalId = "gw.onlan.test",
        PreSharedKeys = new Dictionary<string, string> { [ClientId] = Psk },
        LanSegment = Lan,
        DnsServers = [Dns],
        DomainName = Domain,
    };

    public static IkeTestInitiatorOptions DefaultInitiatorOptions => new() { Identity = ClientId, PreSharedKey = Psk };

    public static Pair Create(Func<IkeResponderOptions, IkeResponderOptions>? responder = null,
        Func<IkeTestInitiatorOptions, IkeTestInitiatorOptions>? initiator = null) =>
        new(responder?.Invoke(DefaultResponderOptions) ?? DefaultResponderOptions, initiator?.Invoke(DefaultInitiatorOptions) ?? DefaultInitiatorOptions);

    /// <summary>IKE_SA_INIT + IKE_AUTH (and whatever retries they need) at the current time.</summary>
    public Pair Connect()
    {
        FromInitiator(Initiator.Start(Now));
        return this;
    }

    /// <summary>The one IKE SA the responder holds.</summary>
    public Sa.IkeSa ResponderSa => Assert.Single(Responder.Sas);

    /// <summary>Puts the initiator's datagrams on the wire and delivers everything due now.</summary>
    public void FromInitiator(List<IkeDatagram> datagrams)
    {
        Wire.Send(Direction.ToResponder, datagrams, Now);
        Drive();
    }

    public void FromResponder(List<IkeDatagram> datagrams)
    {
        Wire.Send(Direction.ToInitiator, datagrams, Now);
        Drive();
    }

    /// <summary>Delivers datagrams due at <see cref="Now"/> until the wire is quiet (answers are delivered too).</summary>
    public void Drive()
    {
        var output = new List<IkeDatagram>();
        while (Wire.TryTake(Now, out var direction, out var datagram))
        {
            if (direction == Direction.ToResponder)
            {
                output.Clear();
                // The responder sees the datagram arrive at its address, from the initiator's.
                Responder.Receive(datagram.Message, local: datagram.Remote, remote: datagram.Local, Now, output);
                Wire.Send(Direction.ToInitiator, output, Now);
            }
            else
            {
                Wire.Send(Direction.ToResponder, Initiator.Receive(datagram.Message, Now), Now);
            }
        }
    }

    /// <summary>Moves the clock forward by <paramref name="span"/> in steps, running both engines' timers at each.</summary>
    public void Advance(TimeSpan span, TimeSpan? step = null)
    {
        var tick = step ?? TimeSpan.FromMilliseconds(100);
        var end = Now + span;
        while (Now < end)
        {
            Now = Now + tick > end ? end : Now + tick;
            var output = new List<IkeDatagram>();
            Responder.Poll(Now, output);
            Wire.Send(Direction.ToInitiator, output, Now);
            Wire.Send(Direction.ToResponder, Initiator.Poll(Now), Now);
            Drive();
        }
    }

    public static Func<IkeHeader, bool> Is(ExchangeType exchange, bool response) => h => h.Exchange == exchange && h.IsResponse == response;
}
