namespace OnLan.Testing.Ike;

/// <summary>
/// IKEv2 messages exchanged by two strongSwan 5.9.8 (Debian) charons, captured with tcpdump on the veth between them.
/// </summary>
/// <remarks>
/// How they were captured (as root; addresses from 203.0.113.0/24; namespaces deleted afterwards):
/// <code>
/// ip netns add onlan-msg-a; ip netns add onlan-msg-b
/// ip link add veth-msg-a netns onlan-msg-a type veth peer name veth-msg-b netns onlan-msg-b
/// ip -n onlan-msg-a addr add 203.0.113.1/24 dev veth-msg-a; ip -n onlan-msg-b addr add 203.0.113.2/24 dev veth-msg-b
/// ip netns exec onlan-msg-a tcpdump -i veth-msg-a -U -w ike.pcap udp &amp;
/// # each charon in its own mount namespace with a private /run, and its own strongswan.conf:
/// #   charon { load = random nonce openssl x509 pubkey pkcs1 pem hmac kdf gmp curve25519 kernel-libipsec
/// #            kernel-netlink socket-default vici updown
/// #            plugins { vici { socket = unix:///tmp/ikecap/a.vici } } }
/// STRONGSWAN_CONF=a.strongswan.conf ip netns exec onlan-msg-a \
///   unshare --mount --propagation private sh -c 'mount -t tmpfs x /run &amp;&amp; exec /usr/lib/ipsec/charon' &amp;
/// (the same for b)
/// # b (responder): connection rw, local_addrs 203.0.113.2, pools = 198.18.0.200/29 (dns 198.18.0.1), PSK,
/// #   id gw.onlan.test, child local_ts 198.18.0.0/24
/// # a (initiator): connection rw, remote_addrs 203.0.113.2, vips = 0.0.0.0, PSK, id client@onlan.test,
/// #   child remote_ts 198.18.0.0/24; default (strongSwan 5.9.8) proposals on both
/// swanctl --load-all --file b.swanctl.conf --uri unix:///tmp/ikecap/b.vici     (and a)
/// swanctl --initiate --child net --uri unix:///tmp/ikecap/a.vici
/// </code>
/// The hex is each datagram's UDP payload from the pcap. The IKE_AUTH datagrams went to port 4500: their 4-byte
/// non-ESP marker (RFC 3948) is removed here, so every property is an IKE message starting at the IKE header.
/// strongSwan logged them as:
/// <code>
/// IKE_SA_INIT request 0  [ SA KE No N(NATD_S_IP) N(NATD_D_IP) N(FRAG_SUP) N(HASH_ALG) N(REDIR_SUP) ]
/// IKE_SA_INIT response 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) N(FRAG_SUP) N(HASH_ALG) N(CHDLESS_SUP) N(MULT_AUTH) ]
/// IKE_AUTH request 1  [ IDi N(INIT_CONTACT) IDr AUTH CPRQ(ADDR) SA TSi TSr N(MOBIKE_SUP) N(NO_ADD_ADDR) N(MULT_AUTH) N(EAP_ONLY) N(MSG_ID_SYN_SUP) ]
/// IKE_AUTH response 1 [ IDr AUTH CPRP(ADDR DNS) N(MOBIKE_SUP) N(NO_ADD_ADDR) N(TS_UNACCEPT) ]
/// selected proposal: IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519
/// </code>
/// Each property returns a fresh array, so a test may corrupt its copy.
/// </remarks>
public static class CapturedIkeMessages
{
    /// <summary>IKE_SA_INIT request from 203.0.113.1:500: two IKE proposals (34 and 36 transforms), KE x25519, 32-byte nonce, five notifies. 892 bytes.</summary>
    public static byte[] IkeSaInitRequest => Convert.FromHexString(
        "e97143f0a298c4a8000000000000000021202208000000000000037c220002bc02000148010100220300000c0100000c800e00800300000c0100000c800e00c0" +
        "0300000c0100000c800e01000300000c0100000d800e00800300000c0100000d800e00c00300000c0100000d800e01000300000c01000017800e00800300000c" +
        "01000017800e00c00300000c01000017800e01000300000c01000018800e00800300000c01000018800e00c00300000c01000018800e01000300000801000003" +
        "030000080300000c030000080300000d030000080300000e03000008030000020300000802000005030000080200000603000008020000070300000802000002" +
        "030000080400001f0300000804000020030000080400001303000008040000140300000804000015030000080400001c030000080400001d030000080400001e" +
        "030000080400000f030000080400001003000008040000110300000804000012000000080400000e00000170020100240300000c01000014800e00800300000c" +
        "01000014800e00c00300000c01000014800e01000300000c01000010800e00800300000c01000010800e00c00300000c01000010800e0100030000080100001c" +
        "0300000c01000013800e00800300000c01000013800e00c00300000c01000013800e01000300000c01000012800e00800300000c01000012800e00c00300000c" +
        "01000012800e01000300000c0100000f800e00800300000c0100000f800e00c00300000c0100000f800e01000300000c0100000e800e00800300000c0100000e" +
        "800e00c00300000c0100000e800e01000300000802000005030000080200000603000008020000070300000802000002030000080400001f0300000804000020" +
        "030000080400001303000008040000140300000804000015030000080400001c030000080400001d030000080400001e030000080400000f0300000804000010" +
        "03000008040000110300000804000012000000080400000e28000028001f0000e90624c704f33454fa69be42a1da1886da9d79dbe64c08933771ecc5d3e8a820" +
        "290000247f83a101de01d554476f722bc33547658c8412c2968fd21948ed55403ae140d22900001c00004004a00f20e1c19015c25bf4f466abb201c5867bbcdc" +
        "2900001c000040053d1dfb0c8e40d94a05862220e336653813c83d25290000080000402e290000100000402f00020003000400050000000800004016");

    /// <summary>IKE_SA_INIT response from 203.0.113.2:500: one proposal (AES-CBC-128, HMAC-SHA2-256-128, PRF-HMAC-SHA2-256, x25519), KE, nonce, six notifies. 248 bytes.</summary>
    public static byte[] IkeSaInitResponse => Convert.FromHexString(
        "e97143f0a298c4a8fc378aeea21873fd2120222000000000000000f8220000300000002c010100040300000c0100000c800e0080030000080300000c03000008" +
        "02000005000000080400001f28000028001f0000a854056a4ff5be46d9d0bee1012507b120b2a10b39ae6d5c4b6aba4ca7da477f290000240896cdcb7ee9da5b" +
        "76dfcfeca14b4efa144c780f697cc85ca44d81108b49f6ce2900001c000040049e04032cc1f1cc136de8a937fdd2ad99d66952492900001c000040054f2f2ac6" +
        "409bfd2d1db902cea7b14c7579fff0a0290000080000402e290000100000402f000200030004000529000008000040220000000800004014");

    /// <summary>IKE_AUTH request (message ID 1): header and one SK payload (first inner payload IDi). 416 bytes.</summary>
    public static byte[] IkeAuthRequest => Convert.FromHexString(
        "e97143f0a298c4a8fc378aeea21873fd2e20230800000001000001a023000184bee550b7581163dcb522eb144227b26b2b92935a9da2b6367819be0341b398c9" +
        "0a594de78914923f1897a9ae2d571b95b9f9df657ce6c73b8a2611467d6efcb9ec0b37cc9c4c4f9de918cd80486fd6ca18b0bdd61cb6356d44807cfba059b891" +
        "5cbe6869858a793fea612d549c45ba4603ec10c7bda6e0ec034b244887775319efcf384a43e19f47f6bfc71876cbc0cbeb9d98a4ed5a665d5b082a3e3f2ff6da" +
        "5dfcbb685d443ad7a166e7de4b6601b0492271540fbbbc907b2f68f3c60f8cedfaba08d0c384ec7a428bc9bea9c823bd8c998515b608882d7416df43f30f09f2" +
        "0d0dcea738c7ff71082d0afcbd4216d58af90527dab5ddf7c04fd9f3587fbf3fb0baeb3a9a5e652e8a081076f4d8d5a4cda2dd329ba70c519b2b710f93e13764" +
        "815e6610433b9fbded37eb10b0dbeecd14d6a6f3112ae5d3275ff5f8812761781a79a2c11ab29e7ab60a2fe874581f7226350c79df40d6a207496ba93504888e" +
        "45bf3b554af8f9b535a9fc69d54eb2ef9f96aeabcd65ba12d4cc84b7f1a15cb6");

    /// <summary>IKE_AUTH response (message ID 1): header and one SK payload (first inner payload IDr). 176 bytes.</summary>
    public static byte[] IkeAuthResponse => Convert.FromHexString(
        "e97143f0a298c4a8fc378aeea21873fd2e20232000000001000000b024000094c191cc3df4194fa392295888fd50c6eae6e27388e7f111413f6ce37422355128" +
        "fbcd86e6f70c0f2572d6cdae58ee43c4546d1fa9a08101d3ba7113a6fda86164950dfb3ad6b598ccf4b404894f5f1bd66ebdcc294b9ce369c660e7392d9ea427" +
        "e5f6288f0998952789f721a0d07a47e30c56bccc9765bc3fb91ae8124b3256a4ff2c8cdec4ca259047c412e8750f1cd0");

    /// <summary>All four, for the truncation and mutation tests.</summary>
    public static IEnumerable<byte[]> All => [IkeSaInitRequest, IkeSaInitResponse, IkeAuthRequest, IkeAuthResponse];
}
