using OnLan.Dhcp;
using OnLan.Dhcp.Client;
using OnLan.Wire;

namespace OnLan.Dhcp.Tests.Client;

/// <summary>A <see cref="DhcpClient"/> on a virtual clock, with scripted randomness and its sent messages collected.</summary>
internal sealed class ClientHarness
{
    public static readonly MacAddress Mac = MacAddress.Parse("02:00:5e:10:00:01");
    public static readonly byte[] MacBytes = [0x02, 0x00, 0x5e, 0x10, 0x00, 0x01];
    public const string HostName = "onlan-gw";

    /// <summary>Random values handed out first; after them <see cref="DefaultRandom"/>.</summary>
    public Queue<uint> Randoms { get; } = new();

    /// <summary>1000: a jitter of exactly 0 (value mod 2001 − 1000 ms), so back-off times are the RFC's round numbers.</summary>
    public uint DefaultRandom { get; set; } = 1000;

    public DhcpClient Client { get; }
    public TimeSpan Now { get; private set; }

    public ClientHarness() => Client = new DhcpClient(Mac, HostName, () => Randoms.Count > 0 ? Randoms.Dequeue() : DefaultRandom);

    public void Start(Ipv4Address? remembered = null) => Client.Start(Now, remembered);

    public void At(TimeSpan time)
    {
        Now = time;
        Client.Poll(Now);
    }

    public void Advance(TimeSpan by) => At(Now + by);

    public void Receive(byte[] reply) => Client.Receive(reply, Now);

    /// <summary>The waiting message; fails when there is none.</summary>
    public Sent Take()
    {
        var buffer = new byte[DhcpClient.RecommendedBufferLength];
        Assert.True(Client.TryTakeOutgoing(buffer, out DhcpClientDatagram datagram), "the client has nothing to send");
        Assert.Equal(DhcpError.None, DhcpMessage.TryParse(buffer.AsSpan(0, datagram.Length), out var message));
        Assert.Equal(datagram.Type, message.MessageType);
        return new Sent(datagram, buffer[..datagram.Length]);
    }

    public void NothingToSend()
    {
        var buffer = new byte[DhcpClient.RecommendedBufferLength];
        Assert.False(Client.TryTakeOutgoing(buffer, out DhcpClientDatagram _));
    }

    public List<DhcpLeaseChange> Changes()
    {
        var changes = new List<DhcpLeaseChange>();
        while (Client.TryTakeLeaseChange(out var change)) changes.Add(change);
        return changes;
    }

    /// <summary>DISCOVER, OFFER, REQUEST, ACK at <see cref="Now"/>; returns the REQUEST the ACK answered.</summary>
    public Sent Bind(FakeIspServer server)
    {
        Start();
        var discover = Take();
        Receive(server.Offer(discover.Bytes));
        var request = Take();
        Receive(server.Ack(request.Bytes));
        Assert.Equal(DhcpClientState.Bound, Client.State);
        Assert.Equal([DhcpLeaseChange.Bound], Changes());
        return request;
    }
}

/// <summary>One message the client handed over, with where it goes.</summary>
internal sealed record Sent(DhcpClientDatagram Datagram, byte[] Bytes)
{
    public DhcpMessageType Type => Datagram.Type;

    public uint TransactionId => View().TransactionId;
    public Ipv4Address ClientAddress => View().ClientAddress;
    public ushort Flags => View().Flags;
    public ushort Seconds => View().Seconds;
    public Ipv4Address? RequestedAddress => View().RequestedAddress;
    public Ipv4Address? ServerIdentifier => View().ServerIdentifier;

    public byte[]? Option(byte code) => View().TryGetOption(code, out var value) ? value.ToArray() : null;

    public DhcpMessage View()
    {
        Assert.Equal(DhcpError.None, DhcpMessage.TryParse(Bytes, out var message));
        return message;
    }
}
