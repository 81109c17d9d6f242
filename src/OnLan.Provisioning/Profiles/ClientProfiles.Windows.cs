using System.Text;

namespace OnLan.Provisioning.Profiles;

public static partial class ClientProfiles
{
    // Set-VpnConnectionIPsecConfiguration (VpnClient module), Microsoft's value names and what they put on the wire:
    //   IKE SA  -EncryptionMethod AES256      ENCR_AES_CBC, 256-bit key  (AES-CBC: Windows 10 has no GCM for the IKE SA)
    //           -IntegrityCheckMethod SHA256  AUTH_HMAC_SHA2_256_128, and PRF_HMAC_SHA2_256
    //           -DHGroup Group14              MODP-2048 (group 14); Windows' default would be MODP-1024
    //   ESP     -CipherTransformConstants GCMAES256 with -AuthenticationTransformConstants GCMAES256: ENCR_AES_GCM_16, 256
    //   PFS     -PfsGroup None                no KE in CREATE_CHILD_SA (and Windows rekeys its Child SAs itself)
    private const string WindowsEncryptionMethod = "AES256";
    private const string WindowsIntegrityCheckMethod = "SHA256";
    private const string WindowsDhGroup = "Group14";
    private const string WindowsCipherTransform = "GCMAES256";
    private const string WindowsAuthenticationTransform = "GCMAES256";
    private const string WindowsPfsGroup = "None";

    /// <summary>
    /// A PowerShell script for the built-in IKEv2 client of Windows 10 and 11, to run as administrator: it trusts the
    /// gateway's CA (LocalMachine\Root), imports the client certificate when the request carries one
    /// (LocalMachine\My, the password asked for at run time), adds an all-user IKEv2 connection with split tunneling
    /// and routes to the LAN segment and split networks, and sets the IPsec algorithms to ones the gateway accepts.
    /// </summary>
    /// <remarks>
    /// Windows' built-in client has no pre-shared key for IKEv2: Add-VpnConnection's -AuthenticationMethod takes Pap,
    /// Chap, MSChapv2, Eap and MachineCertificate, and -L2tpPsk applies to L2TP only. A PSK user therefore gets a
    /// machine-certificate connection and a comment saying where to get the certificate; the PSK is never written.
    /// </remarks>
    public static string Windows(ProfileRequest request)
    {
        var r = Resolve(request);
        var s = new StringBuilder();
        s.Append("# OnLan VPN: Windows 10/11 built-in IKEv2 client, connection ").Append(r.Name)
            .Append(" to ").Append(r.Request.ServerAddress).Append(" for ").Append(r.Identity).Append('\n');
        s.Append("# Run in PowerShell as administrator (the certificates go into the local machine's stores).\n");
        s.Append("#Requires -RunAsAdministrator\n");
        s.Append("$ErrorActionPreference = 'Stop'\n");
        s.Append("$name = ").Append(PowerShellQuote(r.Name)).Append('\n');
        s.Append("$server = ").Append(PowerShellQuote(r.Request.ServerAddress)).Append("\n\n");

        s.Append("# 1. Trust the gateway's CA (").Append(CommentSafe(r.CaCommonName)).Append("): it issued the server certificate for $server.\n");
        s.Append("$caFile = [System.IO.Path]::GetTempFileName()\n");
        s.Append("[System.IO.File]::WriteAllBytes($caFile, [System.Convert]::FromBase64String(")
            .Append(PowerShellQuote(Convert.ToBase64String(r.CaCertificateDer))).Append("))\n");
        s.Append("Import-Certificate -FilePath $caFile -CertStoreLocation Cert:\\LocalMachine\\Root | Out-Null\n");
        s.Append("Remove-Item -Path $caFile\n\n");

        string method;
        switch (r.Authentication)
        {
            case ClientAuthentication.EapMschapv2:
                method = "Eap";
                s.Append("# 2. EAP-MSCHAPv2: Windows asks for the user name (").Append(CommentSafe(r.Identity)).Append(") and password when connecting.\n\n");
                break;
            default:
                method = "MachineCertificate";
                if (r.Authentication == ClientAuthentication.PreSharedKey)
                {
                    s.Append("# This user has a pre-shared key, but Windows' built-in IKEv2 client cannot use one (Add-VpnConnection's\n");
                    s.Append("# -L2tpPsk is for L2TP only). This connection authenticates with a machine certificate instead: ask the\n");
                    s.Append("# gateway's administrator for a client certificate (.p12) for ").Append(CommentSafe(r.Identity)).Append(".\n");
                }
                AppendWindowsClientCertificate(s, r);
                break;
        }

        s.Append("# 3. The connection (replacing one of the same name). Only the LAN goes through the tunnel (split tunneling).\n");
        s.Append("Remove-VpnConnection -Name $name -AllUserConnection -Force -ErrorAction SilentlyContinue\n");
        s.Append("Add-VpnConnection -Name $name -ServerAddress $server -TunnelType Ikev2 -AuthenticationMethod ").Append(method)
            .Append(" -EncryptionLevel Required -SplitTunneling -AllUserConnection");
        if (r.Vpn.DomainName is { } domain) s.Append(" -DnsSuffix ").Append(PowerShellQuote(domain));
        if (r.Authentication == ClientAuthentication.EapMschapv2) s.Append(" -RememberCredential");
        s.Append(" -PassThru\n\n");

        s.Append("# 4. Algorithms the gateway accepts: IKE AES-256-CBC/HMAC-SHA2-256/MODP-2048, ESP AES-256-GCM, no PFS.\n");
        s.Append("Set-VpnConnectionIPsecConfiguration -ConnectionName $name")
            .Append(" -AuthenticationTransformConstants ").Append(WindowsAuthenticationTransform)
            .Append(" -CipherTransformConstants ").Append(WindowsCipherTransform)
            .Append(" -EncryptionMethod ").Append(WindowsEncryptionMethod)
            .Append(" -IntegrityCheckMethod ").Append(WindowsIntegrityCheckMethod)
            .Append(" -DHGroup ").Append(WindowsDhGroup)
            .Append(" -PfsGroup ").Append(WindowsPfsGroup)
            .Append(" -AllUserConnection -PassThru -Force\n\n");

        s.Append("# 5. Routes through the tunnel: the LAN segment and the split networks.\n");
        foreach (string network in r.Networks)
            s.Append("Add-VpnConnectionRoute -ConnectionName $name -DestinationPrefix ").Append(network).Append(" -AllUserConnection\n");
        s.Append("\nWrite-Host \"Added VPN connection '$name': connect from the network menu.\"\n");
        return s.ToString();
    }

    private static void AppendWindowsClientCertificate(StringBuilder s, Resolved r)
    {
        if (r.Request.ClientCertificate is { } credential)
        {
            s.Append("# 2. The client certificate for ").Append(CommentSafe(r.Identity))
                .Append(" (PKCS#12), into LocalMachine\\My; its password is asked for here.\n");
            s.Append("$p12File = [System.IO.Path]::GetTempFileName()\n");
            s.Append("[System.IO.File]::WriteAllBytes($p12File, [System.Convert]::FromBase64String(")
                .Append(PowerShellQuote(Convert.ToBase64String(credential.Pkcs12))).Append("))\n");
            s.Append("$password = Read-Host -AsSecureString -Prompt 'Password of the client certificate'\n");
            s.Append("Import-PfxCertificate -FilePath $p12File -CertStoreLocation Cert:\\LocalMachine\\My -Password $password | Out-Null\n");
            s.Append("Remove-Item -Path $p12File\n\n");
        }
        else
        {
            s.Append("# 2. Before connecting, import the client certificate for ").Append(CommentSafe(r.Identity))
                .Append(" (a .p12 from the gateway) into LocalMachine\\My:\n");
            s.Append("#    Import-PfxCertificate -FilePath .\\client.p12 -CertStoreLocation Cert:\\LocalMachine\\My -Password (Read-Host -AsSecureString)\n\n");
        }
    }

    /// <summary>A PowerShell verbatim string: single quotes, a quote doubled (also the typographic ones PowerShell treats as quotes).</summary>
    private static string PowerShellQuote(string text)
    {
        var s = new StringBuilder(text.Length + 2).Append('\'');
        foreach (char c in text)
        {
            if (c is '\'' or '\u2018' or '\u2019' or '\u201A' or '\u201B') s.Append(c);
            s.Append(c);
        }
        return s.Append('\'').ToString();
    }

    /// <summary>Text for a '#' comment line: no line breaks.</summary>
    private static string CommentSafe(string text) => text.ReplaceLineEndings(" ");
}
