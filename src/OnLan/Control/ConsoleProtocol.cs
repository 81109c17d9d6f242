using System.Text;

namespace OnLan.Control;

/* `onlan cli` ⇄ the gateway, over the console socket (a unix socket only root can open):

     client → gateway   "onlan-cli 1 <mode>[ <command>]\n", then
                          interactive: the terminal's raw bytes (the gateway's line editor echoes and edits)
                          script:      the script's lines, then end of stream (shutdown of the sending side)
                          command:     nothing more
     gateway → client   the session's output bytes, then NUL, the exit code in decimal, "\n"; then it closes.

   NUL never appears in the console's output (it is text), so it can mark the end. */
public static class ConsoleProtocol
{
    public const string Magic = "onlan-cli 1";
    public const byte EndMarker = 0;

    public enum Mode { Interactive, Script, Command }

    public static byte[] Header(Mode mode, string? command = null) =>
        Encoding.UTF8.GetBytes($"{Magic} {mode.ToString().ToLowerInvariant()}{(command is null ? "" : " " + command)}\n");

    /// <summary>Reads the header line; false (and nothing else read) when it is not one.</summary>
    public static bool TryReadHeader(Stream stream, out Mode mode, out string? command)
    {
        mode = Mode.Command;
        command = null;
        var line = new List<byte>();
        while (line.Count < 4096)
        {
            int b = stream.ReadByte();
            if (b < 0) return false;
            if (b == '\n') break;
            line.Add((byte)b);
        }
        string text = Encoding.UTF8.GetString(line.ToArray());
        if (!text.StartsWith(Magic + " ", StringComparison.Ordinal)) return false;
        string rest = text[(Magic.Length + 1)..];
        int space = rest.IndexOf(' ');
        string word = space < 0 ? rest : rest[..space];
        command = space < 0 ? null : rest[(space + 1)..];
        switch (word)
        {
            case "interactive": mode = Mode.Interactive; return true;
            case "script": mode = Mode.Script; return true;
            case "command": mode = Mode.Command; return command is not null;
            default: return false;
        }
    }

    public static byte[] Trailer(int exitCode) => Encoding.ASCII.GetBytes($"\0{exitCode}\n");
}
