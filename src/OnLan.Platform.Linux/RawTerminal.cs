using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace OnLan.Platform.Linux;

/// <summary>
/// A terminal in raw mode for the console's own line editor: bytes arrive as typed (no line buffering, no echo,
/// Ctrl-C is a byte, not a signal), output is still post-processed (LF becomes CR LF). Dispose restores the settings
/// found. Not a terminal → <see cref="TryEnter"/> returns null and nothing changes.
/// </summary>
public sealed unsafe class RawTerminal : IDisposable
{
    private readonly int _fd;
    private readonly termios _saved;

    private RawTerminal(int fd, termios saved)
    {
        _fd = fd;
        _saved = saved;
    }

    public static bool IsTerminal(int fd) => isatty(fd) == 1;

    public static RawTerminal? TryEnter(int fd)
    {
        if (!IsTerminal(fd)) return null;
        termios settings;
        if (tcgetattr(fd, &settings) != 0) return null;
        var saved = settings;
        // cfmakeraw, keeping output processing: the editor writes "\n" and means a new line.
        settings.c_iflag &= ~(uint)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
        settings.c_lflag &= ~(uint)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
        settings.c_cflag &= ~(uint)(CSIZE | PARENB);
        settings.c_cflag |= (uint)CS8;
        settings.c_cc[VMIN] = 1;
        settings.c_cc[VTIME] = 0;
        if (tcsetattr(fd, (int)TCSANOW, &settings) != 0) return null;
        return new RawTerminal(fd, saved);
    }

    public void Dispose()
    {
        var saved = _saved;
        tcsetattr(_fd, (int)TCSANOW, &saved);
    }
}
