using System.Diagnostics;
using OnLan.Testing;

namespace OnLan.Interop.Tests;

/// <summary>
/// Debian's FreeRADIUS 3 as a RADIUS server in a test namespace: its own copy of /etc/freeradius/3.0 in a temporary
/// directory (pid, logs and run files there too), listening on one address only, knowing one client (the gateway's
/// LAN address and secret) and the users given, with EAP-MSCHAPv2 as the EAP method. Runs in the foreground with
/// full debug output (<c>-X</c>) into <see cref="Log"/>; <see cref="Kill"/> or <see cref="Dispose"/> ends it.
/// </summary>
public sealed class FreeRadius : IDisposable
{
    private const string SystemConfiguration = "/etc/freeradius/3.0";
    private readonly string _directory = Directory.CreateTempSubdirectory("onlan-freeradius-").FullName;
    private Process? _process;

    private FreeRadius(string address) => Address = address;

    public string Address { get; }
    private string Raddb => Path.Combine(_directory, "raddb");
    private string LogPath => Path.Combine(_directory, "radiusd.log");
    public string Log => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "(no log)";

    /// <summary>
    /// Starts FreeRADIUS on <paramref name="address"/>:1812 in <paramref name="host"/> (the address must be on one of its
    /// interfaces), for the client <paramref name="clientAddress"/> with <paramref name="secret"/>; <paramref name="users"/>
    /// is the users file (<c>name Cleartext-Password := "…"</c>, reply attributes on the following indented lines).
    /// Returns once it is ready to process requests.
    /// </summary>
    public static FreeRadius Start(NetworkNamespace host, string address, string clientAddress, string secret, string users, TimeSpan patience)
    {
        var server = new FreeRadius(address);
        try
        {
            server.WriteConfiguration(clientAddress, secret, users);
            // exec: the process the test holds is freeradius itself, so killing it stops the server.
            server._process = host.Start($"exec freeradius -X -d {server.Raddb} > {server.LogPath} 2>&1");
            var started = Stopwatch.StartNew();
            while (!server.Log.Contains("Ready to process requests"))
            {
                if (server._process.HasExited || started.Elapsed > patience)
                    throw new InvalidOperationException($"FreeRADIUS on {address} did not start:\n{server.Log}");
                Thread.Sleep(50);
            }
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    private void WriteConfiguration(string clientAddress, string secret, string users)
    {
        Shell.Run("cp", ["-a", SystemConfiguration, Raddb], TimeSpan.FromSeconds(30)).EnsureSuccess("copy /etc/freeradius/3.0");
        // Paths into the temporary directory; run as root (the copy is root's), not as freerad.
        string conf = Path.Combine(Raddb, "radiusd.conf");
        var lines = File.ReadAllLines(conf).Select(line => line.Trim() switch
        {
            var l when l.StartsWith("raddbdir =") => $"raddbdir = {Raddb}",
            var l when l.StartsWith("logdir =") => $"logdir = {_directory}",
            var l when l.StartsWith("run_dir =") => $"run_dir = {_directory}",
            "user = freerad" or "group = freerad" => "",
            _ => line,
        });
        File.WriteAllLines(conf, lines);

        // One virtual server of our own instead of Debian's default and inner-tunnel (which listen everywhere).
        foreach (var site in Directory.GetFileSystemEntries(Path.Combine(Raddb, "sites-enabled"))) File.Delete(site);
        File.WriteAllText(Path.Combine(Raddb, "sites-enabled", "onlan"), $$"""
            server onlan {
            	listen {
            		type = auth
            		ipaddr = {{Address}}
            		port = 1812
            	}
            	authorize {
            		preprocess
            		eap {
            			ok = return
            		}
            		files
            	}
            	authenticate {
            		Auth-Type MS-CHAP {
            			mschap
            		}
            		eap
            	}
            	post-auth {
            	}
            }
            """);
        // EAP-MSCHAPv2 only: Debian's eap module also sets up TLS methods with certificates this copy does not need.
        File.Delete(Path.Combine(Raddb, "mods-enabled", "eap"));
        File.WriteAllText(Path.Combine(Raddb, "mods-enabled", "eap"), """
            eap {
            	default_eap_type = mschapv2
            	timer_expire = 60
            	ignore_unknown_eap_types = no
            	max_sessions = ${max_requests}
            	mschapv2 {
            	}
            }
            """);
        File.WriteAllText(Path.Combine(Raddb, "clients.conf"), $$"""
            client gateway {
            	ipaddr = {{clientAddress}}
            	secret = "{{secret}}"
            	require_message_authenticator = yes
            }
            """);
        string usersFile = Path.Combine(Raddb, "mods-config", "files", "authorize");
        File.Delete(usersFile);
        File.WriteAllText(usersFile, users);
    }

    /// <summary>Stops the server at once (as a crash or a power cut would): it answers nothing from now on.</summary>
    public void Kill()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(5000);
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
