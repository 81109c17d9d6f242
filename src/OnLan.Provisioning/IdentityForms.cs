using System.Net;

namespace OnLan.Provisioning;

/// <summary>
/// Tells the form of an identity the way strongSwan, Apple and Windows read it: an '@' makes an e-mail style ID, a
/// dotted quad or an IPv6 literal an address, anything else that is a valid host name an FQDN.
/// </summary>
public static class IdentityForms
{
    public static IdentityForm Classify(string? identity)
    {
        if (string.IsNullOrEmpty(identity) || identity.Length > 253) return IdentityForm.Invalid;
        int at = identity.IndexOf('@');
        if (at >= 0)
        {
            string local = identity[..at], domain = identity[(at + 1)..];
            return local.Length > 0 && local.Length <= 64 && !domain.Contains('@') && IsHostName(domain) && IsPrintableWithoutSpace(local)
                ? IdentityForm.Email
                : IdentityForm.Invalid;
        }
        if (identity.Contains(':')) return IPAddress.TryParse(identity, out _) ? IdentityForm.Address : IdentityForm.Invalid;
        if (IsDottedQuad(identity)) return IPAddress.TryParse(identity, out _) ? IdentityForm.Address : IdentityForm.Invalid;
        return IsHostName(identity) ? IdentityForm.DnsName : IdentityForm.Invalid;
    }

    // IPAddress.TryParse takes "1" for 0.0.0.1; only four dotted decimal parts are an address here.
    private static bool IsDottedQuad(string text)
    {
        int dots = 0;
        foreach (char c in text)
        {
            if (c == '.') dots++;
            else if (!char.IsAsciiDigit(c)) return false;
        }
        return dots == 3;
    }

    private static bool IsHostName(string name)
    {
        if (name.Length is 0 or > 253) return false;
        foreach (var range in name.AsSpan().Split('.'))
        {
            var label = name.AsSpan(range);
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-') return false;
            foreach (char c in label)
                if (!char.IsAsciiLetterOrDigit(c) && c != '-') return false;
        }
        return true;
    }

    private static bool IsPrintableWithoutSpace(string text)
    {
        foreach (char c in text)
            if (c <= ' ' || c >= 0x7F || c is '"' or '\\' or '<' or '>') return false;
        return true;
    }
}
