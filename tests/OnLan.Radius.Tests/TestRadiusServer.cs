using System.Security.Cryptography;
using OnLan.Wire;

namespace OnLan.Radius.Tests;

/// <summary>A RADIUS server's side, enough to answer the client under test: it checks each request's signature and signs its replies.</summary>
public sealed class TestRadiusServer(Ipv4Address address, string secret)
{
    public Ipv4Address Address { get; } = address;
    public ushort Port => RadiusServer.DefaultPort;
    public byte[] Secret { get; } = System.Text.Encoding.UTF8.GetBytes(secret);
    public RadiusServer Configuration => new(Address, Port, System.Text.Encoding.UTF8.GetString(Secret));

    /// <summary>A reply to <paramref name="request"/>; <paramref name="attributes"/> adds what the test wants in it.</summary>
    public byte[] Reply(byte[] request, RadiusCode code, byte[]? eap = null, byte[]? state = null, Action<RadiusAttributeWriter>? attributes = null,
        byte[]? signWith = null)
    {
        Assert.Equal(RadiusParseError.None, RadiusPacket.TryParse(request, out var packet));
        AssertSigned(packet);
        var buffer = new byte[RadiusPacket.MaxLength];
        var writer = new RadiusPacketWriter(buffer, code, packet.Identifier, packet.Authenticator);
        if (eap is not null) Assert.True(writer.TryAddEapMessage(eap));
        if (state is not null) Assert.True(writer.TryAdd(RadiusAttributeType.State, state));
        var extra = new RadiusAttributeWriter();
        attributes?.Invoke(extra);
        foreach (var (type, value) in extra.Attributes) Assert.True(writer.TryAdd(type, value));
        writer.TryAddMessageAuthenticator();
        return buffer.AsSpan(0, writer.FinishReply(signWith ?? Secret)).ToArray();
    }

    /// <summary>The request's Message-Authenticator, checked with HMAC-MD5 directly.</summary>
    public void AssertSigned(RadiusPacket request)
    {
        var copy = request.Bytes.ToArray();
        int at = 20;
        while (copy[at] != (byte)RadiusAttributeType.MessageAuthenticator) at += copy[at + 1];
        var mac = copy[(at + 2)..(at + 18)];
        copy.AsSpan(at + 2, 16).Clear();
        Assert.Equal(HMACMD5.HashData(Secret, copy), mac);
    }
}

public sealed class RadiusAttributeWriter
{
    public List<(RadiusAttributeType Type, byte[] Value)> Attributes { get; } = [];

    public RadiusAttributeWriter Add(RadiusAttributeType type, byte[] value)
    {
        Attributes.Add((type, value));
        return this;
    }
}
