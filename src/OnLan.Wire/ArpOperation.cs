namespace OnLan.Wire;

/// <summary>RFC 826 "ar$op".</summary>
public enum ArpOperation : ushort
{
    Request = 1,
    Reply = 2,
}
