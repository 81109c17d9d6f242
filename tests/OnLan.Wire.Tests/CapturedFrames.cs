namespace OnLan.Wire.Tests;

/// <summary>
/// Frames captured on a veth pair between two network namespaces, as seen by tcpdump on the receiving end.
/// </summary>
/// <remarks>
/// How they were captured (as root; only 198.18.0.0/15 addresses, namespaces deleted afterwards):
/// <code>
/// ip netns add onlanwire-a; ip netns add onlanwire-b
/// ip link add onlw-a type veth peer name onlw-b
/// ip link set onlw-a netns onlanwire-a; ip link set onlw-b netns onlanwire-b
/// ip -n onlanwire-a link set onlw-a address 02:00:5e:12:00:01
/// ip -n onlanwire-b link set onlw-b address 02:00:5e:12:00:02
/// ip netns exec onlanwire-a ethtool -K onlw-a tx off rx off   # real checksums instead of CHECKSUM_PARTIAL
/// ip netns exec onlanwire-b ethtool -K onlw-b tx off rx off
/// ip -n onlanwire-a addr add 198.18.0.1/24 dev onlw-a; ip -n onlanwire-b addr add 198.18.0.2/24 dev onlw-b
/// ip -n onlanwire-a link set onlw-a up; ip -n onlanwire-b link set onlw-b up
/// ip netns exec onlanwire-b tcpdump -i onlw-b -U -w all.pcap &amp;
/// (the traffic named on each frame below)
/// ip netns del onlanwire-a; ip netns del onlanwire-b
/// </code>
/// The hex is each frame's bytes from the pcap (Ethernet header first, no FCS). Veth frames are not padded to
/// 60 bytes. Each property returns a fresh array, so a test may corrupt its copy.
/// </remarks>
internal static partial class CapturedFrames
{
    /// <summary>ARP request "who-has 198.18.0.2 tell 198.18.0.1", sent by the kernel of onlanwire-a before its first ping. 42 bytes.</summary>
    public static byte[] ArpRequest => Convert.FromHexString("ffffffffffff02005e1200010806000108000604000102005e120001c6120001000000000000c6120002");

    /// <summary>ARP reply "198.18.0.2 is-at 02:00:5e:12:00:02" from onlanwire-b. 42 bytes.</summary>
    public static byte[] ArpReply => Convert.FromHexString("02005e12000102005e1200020806000108000604000202005e120002c612000202005e120001c6120001");

    /// <summary>`ping -c 1 -p 4f6e4c616e -s 24 198.18.0.2` from onlanwire-a: ICMP echo request, id 4511, seq 1, DF set. 66 bytes.</summary>
    public static byte[] EchoRequest => Convert.FromHexString(
        "02005e12000202005e120001080045000034c12240004001ed7ec6120001c612000208006627119f000122f8086b00000000e74a0200000000006e4c616e4f6e" +
        "4c61");

    /// <summary>The echo reply from onlanwire-b to that request. 66 bytes.</summary>
    public static byte[] EchoReply => Convert.FromHexString(
        "02005e12000102005e1200020800450000349f3c000040014f65c6120002c612000100006e27119f000122f8086b00000000e74a0200000000006e4c616e4f6e" +
        "4c61");

    /// <summary>`echo hi-onlan &gt; /dev/udp/198.18.0.2/33434` (bash) from onlanwire-a: 198.18.0.1:38988 -&gt; 198.18.0.2:33434, checksum 0xe909. 51 bytes.</summary>
    public static byte[] UdpDatagram => Convert.FromHexString("02005e12000202005e120001080045000025bab240004011f3edc6120001c6120002984c829a0011e90968692d6f6e6c616e0a");

    /// <summary>ICMP port unreachable from onlanwire-b for that datagram (nothing listens on 33434); TOS 0xc0. 79 bytes.</summary>
    public static byte[] PortUnreachable => Convert.FromHexString(
        "02005e12000102005e120002080045c000419f3e000040014e96c6120002c6120001030389470000000045000025bab240004011f3edc6120001c6120002984c" +
        "829a0011e90968692d6f6e6c616e0a");

    /// <summary>`ping -c 1 -s 3000 198.18.0.2` over MTU 1500: first fragment of the echo request, MF set, offset 0. 1514 bytes.</summary>
    public static byte[] FirstFragment => Convert.FromHexString(
        "02005e12000202005e1200010800450005dcc1232000400107d6c6120001c6120002080011ce11a3000122f8086b00000000c77c020000000000101112131415" +
        "161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455" +
        "565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495" +
        "969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5" +
        "d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f101112131415" +
        "161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455" +
        "565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495" +
        "969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5" +
        "d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f101112131415" +
        "161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455" +
        "565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495" +
        "969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5" +
        "d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f101112131415" +
        "161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455" +
        "565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495" +
        "969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5" +
        "d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f101112131415" +
        "161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455" +
        "565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495" +
        "969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5" +
        "d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f101112131415" +
        "161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455" +
        "565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495" +
        "969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf");

    /// <summary>Last fragment of the same echo request: MF clear, offset 2960. 82 bytes.</summary>
    public static byte[] LastFragment => Convert.FromHexString(
        "02005e12000202005e120001080045000044c123017240012bfcc6120001c612000288898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5" +
        "a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7");

    /// <summary>802.1Q frame, VLAN 5, ICMP echo 198.19.5.1 -&gt; 198.19.5.2, sent with scapy `sendp(Ether()/Dot1Q(vlan=5)/IP()/ICMP(id=0x4f4c, seq=5))` on onlw-a (this kernel has no 8021q module). 46 bytes.</summary>
    public static byte[] VlanTagged => Convert.FromHexString("02005e12000202005e1200018100000508004500001c000100004001e4b6c6130501c61305020800a8ae4f4c0005");
}
