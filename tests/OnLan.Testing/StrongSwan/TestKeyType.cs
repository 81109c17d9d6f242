namespace OnLan.Testing.StrongSwan;

/// <summary>The key pairs a <see cref="TestPki"/> makes.</summary>
public enum TestKeyType
{
    Rsa2048,
    EcdsaP256,
}
