namespace OnLan.Ike.Eap;

/// <summary>The first octet of EAP-MSCHAPv2 type data (draft-kamath-pppext-eap-mschapv2-02 §2).</summary>
public enum MsChapV2OpCode : byte
{
    Challenge = 1,
    Response = 2,
    Success = 3,
    Failure = 4,
    ChangePassword = 7,
}
