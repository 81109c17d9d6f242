namespace OnLan.Board;

/// <summary>A raw change of the button, before debouncing.</summary>
public enum KeyAction
{
    Press,
    Release,
}
