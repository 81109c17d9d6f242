using OnLan.Ike.Crypto;
using OnLan.Ike.Messages;

namespace OnLan.Ike.Tests.Crypto;

/// <summary>
/// NIST SP 800-135 IKEv2 KDF test vectors (CAVP "ikev2"): SKEYSEED, DKM = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr),
/// DKM(Child SA) = prf+(SK_d, Ni | Nr), DKM(Child SA D-H) = prf+(SK_d, g^ir (new) | Ni | Nr) and
/// SKEYSEED(rekey) = prf(SK_d, g^ir (new) | Ni | Nr), where SK_d is the first prf-length bytes of DKM.
/// prf+ output is a prefix-stable stream, so the keys of any suite concatenated must equal DKM's prefix.
/// </summary>
public class KeyDerivationTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex);

    /// <summary>A CAVP IKEv2 case. Nonces are concatenated by the KDF, so only Ni | Nr matters, not the split.</summary>
    public sealed record Vector(
        string Name, PrfAlgorithm Prf, string Ni, string Nr, string Gir, string GirNew, string SpiI, string SpiR,
        string Skeyseed, string Dkm, string? DkmChild, string? DkmChildDh, string SkeyseedRekey)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Vector> Vectors =>
    [
        // CAVP ikev2 HMAC-SHA1, 1024-bit g^ir (as in Cisco's libacvp/FIPS OpenSSL KAT, kdftest.c).
        new Vector("SHA-1, 1024-bit g^ir", PrfAlgorithm.HmacSha1,
            "3651fef5c9c35e93", "c09a8b90a3f04d59",
            "d084a30166a50fb7325c3960874a839449ef9741c2f4f947d0201dd8c1269273d79509f37e3ca3eb4fa2fe2a28254e289cd3f34dad4eb4df1a07685a4b8a94fa61e2491f7598b3ce65547ff133b3f63d1ac4175eaa695033f3cedb026a6873a36455172a8540b8a5d23a0143bed0390ee49b168269d75fffee9fb62be965993c",
            "52f00ab174c25d5b7139ae5ff4e8e9eddee5992d2e36adf8a559ffd90dab1442e4fbe429d320c0f33552a17d1557fa41ea70e8fb916c4fa27ed52b5f8ebd8461afa78f1159159a64055ac5f6319e29c28eae58cbc6847770f32c3fed1d04750484f854790f95e9ec01bc5bc461f24966462e359511329305038e94deb6dd42c2",
            "8e5c3ae507221684", "b1f201bb155c3acd",
            "cd2e8050137832245f1dbacc6e4f0a92f94d45d6",
            "6f1b12cad3cbe097b35430356d869d54cddb0198ec859174d53ceb92dddedbe2436db69f60977c58fa63bbb667f8d36920b109baae8f6c61a9ac49feda01843225d080ec5539d5881a25521ffb2a0a91874a9c0a27fcc2d717eb8963a9e3a89c7ab264757284c28cf8c3ca40576f4220b052b1fb8e9ad60ba3c80557323331a8cbb89f20",
            "4727dc0ef94eb326ce131cf282fb652faa638ad0ddae3786a11bcc0309876009f8c485de011ad962c5b1ca8a41ff8145445749079c5686e26ffebbc342f06981f3da745e11ca0976424d1f8caec623d59dc7186deb20a27b411d1dcb70a365440bf7de905088b0692e8addc094e18d1939bdb67e89798ca6b239e2ccb81c2409dac0106c",
            "b109c21ad4c0797768c1cec9e63554681e48f224bca7f23c20c4ea7041983451e9aa1d5408656c8a975ff1b9d9a12c75ffeb64bdecb30174664cccb4e14f1c377b7f6d1525af77c7092aac3e47f917ebae8297fb5539d2008ce830823a09cc197361d4a289c72745f6ce9fefe812be5bf55b3200fbb82e41a4a40877d3fe106db909707b",
            "3b03bce748c96d5e8306918d2ff89b68f0648da3"),
        // CAVP ikev2 HMAC-SHA1, 256-bit g^ir (as in libreswan's ike_alg_test_prf.c); no Child SA values.
        new Vector("SHA-1, 256-bit g^ir", PrfAlgorithm.HmacSha1,
            "32b50d5f4a3763f3", "9206a04b26564cb1",
            "4b2c1f971981a8ad8d0abeafabf38cf75fc8349c148142465ed9c8b516b8be52",
            "863f3c9d06efd39d2b907b97f8699e5dd5251ef64a2a176f36ee40c87d4f9330",
            "34c9e7c188868785", "3ff77d760d2b2199",
            "a9a7b222b59f8f48645f28a1db5b5f5d7479cba7",
            "a14293677cc80ff8f9cc0eee30d895da9d8f405666e30ef0dfcb63c634a46002a2a63080e514a062768b76606f9fa5e992204fc5a670bde3f10d6b027113936a5c55b648a194ae587b0088d52204b702c979fa280870d2ed41efa9c549fd11198af1670b143d384bd275c5f594cf266b05ebadca855e4249520a441a81157435a7a56cc4",
            null, null,
            "63e81194946ebd05df7df5ebf5d8750056bf1f1d"),
        // CAVP ikev2 HMAC-SHA2-256, 2048-bit nonces, 3072-bit DKM (as in NIST ACVP-Server's IkeV2Tests.cs).
        new Vector("SHA2-256, 2048-bit nonces", PrfAlgorithm.HmacSha2_256,
            "0a58fea9c1d4fee2e74e1aad6fb02dd5f318eb127465a112be8dc3c04d5dba62eae708f9dc1b2362afd6ba4bda3cf5000f4979fbcbadbcfda9291593829c4e905c21db0c2ee15175ce77a8a0dadf25c7f175bc53fd91b636a9b3c50b203de9b9d6dc463dcb4048f101e26498ceaed3afbcd931394a7e099392dfff82e5d6fa85c2e8a8ab90ad363a66795dc32798847e405acd87988140f973058917273a6b0bafb962c75e2b1a21e79c08beeb82168bf8b4b57f3dce867bf7862a7b8acbc21be838021913daf64340c055ed17aaf7b6e1d0ca33ae890ddbdb83f4e615aad5e3bff58c3db70bac81a0dfbabe5391fc62bca4659e22a0741e01d8d06e67d9bb41",
            "e4fdfa68df6171d9eaff8b7b5ad31e7c6098d259f3397c9854cbefe7449b0864c1df16ddece8b26567560f8d59182a44c19149c2d0d72606a160021ade3d23c7c6936c91a4b6bec37adf38cfc84b851c68dcee06f81306f63abbefc07e231e3058c49437a557df617eac01663593d2a3e594699284c0a35eae6931492ccb2a43db72a600a3899205d681d2b76b1280e456339bb10e0c584aecfdae31c77a4c40dbcb345f782ac32835d4c220c1e97254ded6a40075dd717b00b69c86a49e801773026536ae02d58a649827f1ba67610ee936dffd11c9d5a9156631916a0a0046ec0ba42f56f2a18de83d5d71a985b0cc9eec2c06b3d907ca58454419f374069d",
            "9d469de41b4739c7dd01f19aa94f17e48150ae9dbede94832142db19",
            "c2987b0767006c3b9aea491bfed1646a3d7194639492b8d45b23b383",
            "c8de93111750e409", "32d51b33508997fa",
            "eec13ac67c2e072abb684ab4e7b6ce3e7f400af8b96bed48e113497ed337f8d4",
            "bc83518f63b762874ac57947cdfae33a8d9724df0b83ee4b6df38c23fc2ad829f4d70b5a68dd1f5a52416f09758638aedf919c09a17c5298cdb703bb75b1005cba0109739aaa4efd2fe7534c95ad05e546e4419931270eddcab68ac1589d7fde47f5b9e8d5b614cb24ec3caf515497a9e99ee6f1b318ff153b539ef071dcaff9b41945dcb780700d69e5dc888a91de195c52825badfd0ab4c33cec71ab5c2b4badefe5455455ce5d8ae91721a2091bcccc1514e69482c9c8da1d9f0f187eedda916393570a8c0a8dfabc26d8ed31e8ea47662515972a22d11d692bc1fac6395aecd82a01ab78daafcd6f3070b1201f158a19331b5d21ceee66fccd2ea37bc07648b9539a52dbf797af53e31a0e8706dd86cf5081ebabd095f281d23c222dd3bc5abf06869017ca8f751cafcc85abea6ba88c139d1f32a12f7f486cf57eae5d85551b97f3963616d8f597c70efa98c1e1fa369fb77a80b1ec5fe533890672c4551172eab1b7fd68ad08c4d4c69f2a867302065ca730aa6915bc2cfb6d93820977",
            "c725012285d56e53244a9baaaf95abfca543708d333a3f3a86ba660e00edd4d489bcd631819fda0413382edd9f53d1ed718e056c2ad91d38de90f06cd434de70141d051c021e7ddd6e4137946b4770dca59a4decabdd866852eb557fdd995646613ff2923f5f23aa58c8fbd5ad52cf2eac9bda97faad5596695f4a747a0f1cc6a1f78b2181138fb19ac24574d2e6b3a40d6e688abb919a27d793b76568ec66bd099f6f476b705c1472d774a1516a11311b887688f36649e24227640ea8d8666b9f452217e7103b6f0a92b6adb8fbda650ba58d6ac13ac6f6b6361a5d1c44f1e9f22196c96295115c5d01a120e7265962d20353a049286908da776c2165f706a16f43d85fcd319f89c4386340bcb8ed10df38345cb68af719abaf997e9789a5f19a392dcecd78168ba282f0b30555c7a47031a3156d12d7158aa41b863b8394d30fec63120e89cbc5750eed7786f7d5961b1f2e6faca641ed776d2211bee757b68b77f94056172553715da9fbd1c9a8728f28a2f3c9714a4917490132562484cd",
            "140a1f2a3c94318ece6edfa8c63f37d8d45982de8b6cbfe34011150db0253e34de3796d4aa579954a0bbf234794eb6e7ece2a8f91100f5507df4ee8e66c7813d4c0ff64d484a3494c54b0d9c605ea24234a49a010ce5c352feb9e1060c8c787229466296cdc9d11bb9d221ed2bb39544572464254ec02a0fbe777b07402c775eb6d3e53cd16214c707f851942cc7da92a811b6c5c82f29d9fc3751b0ebff9898fb14372402a6989ffb9cc32dfe7e2cea32fd882e09804d7fea34ce3b5eb6f303e095c48a452b0a3eccada81af22195ebbaad289aeabdab074c94e751496bde39d868ebf1d693f36d1c3c672bbb59c9f77aeb68de57d77da231b7f13d6d277f600c3d3086c4de7b3a59127f4cb9c118935574f30e1b7c88b52c8c3531fdbd38ee3d14c69e81803ced6e7501fa0180f6d110b648272002dc1ad5bf09dc83188011da1d48632e0d2453c8abdd8e9fd32a576aeb9ddfb0a024f674441c20a950d9bd8cd7b30933cc0d8e87b55e8aa9d913579b410417b3acc13c14bf73c457327873",
            "05f796c8df322a7e33283ae5fa2f376d8d5efa0ac3745fc548e430031424c121"),
    ];

    /// <summary>A suite whose seven keys exactly fill the vector's DKM where possible (SHA-1: 3*20 + 2*20 + 2*16 = 132).</summary>
    private static IkeSuite SuiteFor(PrfAlgorithm prf) => prf == PrfAlgorithm.HmacSha1
        ? new IkeSuite(EncryptionAlgorithm.AesCbc, 128, IntegrityAlgorithm.HmacSha1_96, prf, KeyExchangeGroup.Modp1024)
        : new IkeSuite(EncryptionAlgorithm.AesCbc, 256, IntegrityAlgorithm.HmacSha2_256_128, prf, KeyExchangeGroup.Modp2048);

    private static byte[] Concatenated(IkeKeys k) => [.. k.Sk_d, .. k.Sk_ai, .. k.Sk_ar, .. k.Sk_ei, .. k.Sk_er, .. k.Sk_pi, .. k.Sk_pr];

    private static (byte[] Ni, byte[] Nr) Nonces(Vector v) => (Hex(v.Ni), Hex(v.Nr));

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Ike_keys_are_the_prefix_of_the_CAVP_derived_keying_material(Vector v)
    {
        var (ni, nr) = Nonces(v);
        IkeSuite suite = SuiteFor(v.Prf);

        IkeKeys keys = KeyDerivation.DeriveIkeKeys(suite, ni, nr, Hex(v.Gir), Convert.ToUInt64(v.SpiI, 16), Convert.ToUInt64(v.SpiR, 16));

        byte[] all = Concatenated(keys);
        Assert.Equal(Convert.ToHexStringLower(Hex(v.Dkm)[..all.Length]), Convert.ToHexStringLower(all));
        Assert.Equal(Prf.Create(v.Prf).OutputLength, keys.Sk_d.Length);
        Assert.Equal(suite.EncryptionKeyLength, keys.Sk_ei.Length);
        Assert.Equal(suite.IntegrityKeyLength, keys.Sk_ar.Length);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Skeyseed_matches_the_CAVP_value(Vector v)
    {
        // SKEYSEED itself is internal to DeriveIkeKeys: check it through the PRF as RFC 7296 §2.14 defines it, then
        // check that the keys expand from exactly that SKEYSEED.
        var prf = Prf.Create(v.Prf);
        byte[] skeyseed = prf.Compute([.. Hex(v.Ni), .. Hex(v.Nr)], Hex(v.Gir));
        Assert.Equal(v.Skeyseed, Convert.ToHexStringLower(skeyseed));

        byte[] seed = [.. Hex(v.Ni), .. Hex(v.Nr), .. Hex(v.SpiI), .. Hex(v.SpiR)];
        Assert.Equal(v.Dkm, Convert.ToHexStringLower(prf.Expand(skeyseed, seed, Hex(v.Dkm).Length)));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Rekeyed_ike_keys_come_from_the_CAVP_rekey_skeyseed(Vector v)
    {
        var (ni, nr) = Nonces(v);
        var prf = Prf.Create(v.Prf);
        byte[] oldSkD = Hex(v.Dkm)[..prf.OutputLength];
        IkeSuite suite = SuiteFor(v.Prf);
        ulong spiI = 0x0123456789abcdef, spiR = 0xfedcba9876543210;

        IkeKeys keys = KeyDerivation.DeriveRekeyedIkeKeys(suite, prf, oldSkD, Hex(v.GirNew), ni, nr, spiI, spiR);

        // Expected: prf+(SKEYSEED(rekey), Ni | Nr | SPIi | SPIr) with the published SKEYSEED(rekey).
        byte[] seed = [.. ni, .. nr, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10];
        byte[] all = Concatenated(keys);
        Assert.Equal(prf.Expand(Hex(v.SkeyseedRekey), seed, all.Length), all);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Child_keys_without_pfs_are_the_CAVP_child_keying_material(Vector v)
    {
        if (v.DkmChild is null) return;
        var (ni, nr) = Nonces(v);
        var prf = Prf.Create(v.Prf);
        byte[] skD = Hex(v.Dkm)[..prf.OutputLength];

        ChildKeys keys = KeyDerivation.DeriveChildKeys(prf, skD, default, ni, nr, encryptionKeyLength: 32, integrityKeyLength: 32);

        byte[] all = [.. keys.InitiatorToResponderEncryption, .. keys.InitiatorToResponderIntegrity,
                      .. keys.ResponderToInitiatorEncryption, .. keys.ResponderToInitiatorIntegrity];
        Assert.Equal(128, all.Length);
        Assert.Equal(Convert.ToHexStringLower(Hex(v.DkmChild)[..128]), Convert.ToHexStringLower(all));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Child_keys_with_pfs_are_the_CAVP_child_dh_keying_material(Vector v)
    {
        if (v.DkmChildDh is null) return;
        var (ni, nr) = Nonces(v);
        var prf = Prf.Create(v.Prf);
        byte[] skD = Hex(v.Dkm)[..prf.OutputLength];

        // AES-GCM-256 ESP: 36-byte keys (with salt), no integrity keys.
        ChildKeys keys = KeyDerivation.DeriveChildKeys(prf, skD, Hex(v.GirNew), ni, nr, encryptionKeyLength: 36, integrityKeyLength: 0);

        Assert.Equal(Hex(v.DkmChildDh)[..36], keys.InitiatorToResponderEncryption);
        Assert.Empty(keys.InitiatorToResponderIntegrity);
        Assert.Equal(Hex(v.DkmChildDh)[36..72], keys.ResponderToInitiatorEncryption);
        Assert.Empty(keys.ResponderToInitiatorIntegrity);
    }

    [Fact]
    public void Ike_keys_are_taken_in_RFC_order_with_aead_salt_and_no_integrity_keys()
    {
        var suite = new IkeSuite(EncryptionAlgorithm.AesGcm16, 256, IntegrityAlgorithm.None, PrfAlgorithm.HmacSha2_256, KeyExchangeGroup.Curve25519);
        byte[] ni = [1, 2, 3], nr = [4, 5], gir = [9, 9, 9, 9];

        IkeKeys keys = KeyDerivation.DeriveIkeKeys(suite, ni, nr, gir, 1, 2);

        var prf = Prf.Create(PrfAlgorithm.HmacSha2_256);
        byte[] skeyseed = prf.Compute([1, 2, 3, 4, 5], gir);
        byte[] stream = prf.Expand(skeyseed, [1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2], 32 + 36 + 36 + 32 + 32);
        Assert.Equal(stream[..32], keys.Sk_d);
        Assert.Empty(keys.Sk_ai);
        Assert.Empty(keys.Sk_ar);
        Assert.Equal(stream[32..68], keys.Sk_ei);
        Assert.Equal(stream[68..104], keys.Sk_er);
        Assert.Equal(stream[104..136], keys.Sk_pi);
        Assert.Equal(stream[136..168], keys.Sk_pr);
    }
    [Fact]
    public void Child_keys_without_pfs_accept_null_or_an_empty_shared_secret()
    {
        var prf = Prf.Create(PrfAlgorithm.HmacSha2_256);
        byte[] skD = new byte[32], ni = [1, 2], nr = [3, 4];

        ChildKeys fromNull = KeyDerivation.DeriveChildKeys(prf, skD, null, ni, nr, 16, 20);
        ChildKeys fromEmpty = KeyDerivation.DeriveChildKeys(prf, skD, [], ni, nr, 16, 20);

        byte[] keymat = prf.Expand(skD, [1, 2, 3, 4], 72);
        Assert.Equal(keymat[..16], fromNull.InitiatorToResponderEncryption);
        Assert.Equal(keymat[16..36], fromNull.InitiatorToResponderIntegrity);
        Assert.Equal(keymat[36..52], fromNull.ResponderToInitiatorEncryption);
        Assert.Equal(keymat[52..72], fromNull.ResponderToInitiatorIntegrity);
        Assert.Equal(fromNull.ResponderToInitiatorIntegrity, fromEmpty.ResponderToInitiatorIntegrity);
    }
}
