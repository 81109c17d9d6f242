using System.Diagnostics;
using System.Text;
using OnLan.Testing;

namespace OnLan.Interop.Tests;

/// <summary>
/// A program run on a real pseudo-terminal (python3's pty module does the openpty/fork/login_tty dance), fed
/// keystrokes step by step; each step waits until the terminal shows the text it expects. The whole transcript is
/// returned for the test to read, with what went wrong when a step's text never came.
/// </summary>
public static class PtySession
{
    private const string Driver = """
        import os, pty, sys, time, json, select
        steps = json.loads(sys.argv[1])
        argv = sys.argv[2:]
        pid, fd = pty.fork()
        if pid == 0:
            os.execvp(argv[0], argv)
        out = b""
        def wait_for(text, seconds, mark):
            global out
            deadline = time.time() + seconds
            while text.encode() not in out[mark:]:
                left = deadline - time.time()
                if left <= 0:
                    return False
                r, _, _ = select.select([fd], [], [], left)
                if r:
                    try:
                        chunk = os.read(fd, 4096)
                    except OSError:
                        return text.encode() in out[mark:]
                    if not chunk:
                        return text.encode() in out[mark:]
                    out += chunk
            return True
        ok = True
        for keys, expect in steps:
            mark = len(out)
            os.write(fd, keys.encode())
            # Only what the terminal shows after these keys counts (a prompt seen before is no answer).
            if expect and not wait_for(expect, 10, mark):
                sys.stdout.write("STEP FAILED: sent %r, never saw %r\n" % (keys, expect))
                ok = False
                break
            # Whatever else arrives shortly after belongs to this step too.
            time.sleep(0.15)
            while select.select([fd], [], [], 0)[0]:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
        try:
            os.kill(pid, 9)
        except OSError:
            pass
        sys.stdout.write("TRANSCRIPT\n")
        sys.stdout.write(out.decode("utf-8", "replace"))
        sys.stdout.write("\nRAW " + repr(out) + "\n")
        sys.exit(0 if ok else 1)
        """;

    /// <summary>Runs <paramref name="argv"/> on a pty; each step sends its keys and waits for its text (empty: no wait).</summary>
    public static (bool Ok, string Transcript) Run(IReadOnlyList<(string Keys, string Expect)> steps, params string[] argv)
    {
        string script = Path.Combine(Path.GetTempPath(), $"onlan-pty-{Guid.NewGuid():N}.py");
        File.WriteAllText(script, Driver);
        try
        {
            var json = new StringBuilder("[");
            foreach (var (keys, expect) in steps)
                json.Append(json.Length > 1 ? "," : "").Append('[').Append(JsonString(keys)).Append(',').Append(JsonString(expect)).Append(']');
            json.Append(']');
            var result = Shell.Run("python3", [script, json.ToString(), .. argv], TimeSpan.FromSeconds(60));
            return (result.Succeeded, result.StdOut + result.StdErr);
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static string JsonString(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (char c in text)
        {
            if (c is '"' or '\\') builder.Append('\\').Append(c);
            else if (c < 0x20 || c == 0x7f) builder.Append($"\\u{(int)c:x4}");
            else builder.Append(c);
        }
        return builder.Append('"').ToString();
    }
}
