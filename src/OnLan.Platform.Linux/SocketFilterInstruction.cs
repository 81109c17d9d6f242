using System.Runtime.InteropServices;

namespace OnLan.Platform.Linux;

/// <summary>
/// One classic-BPF instruction (<c>struct sock_filter</c>) of a receive filter for <see cref="PacketLink.SetReceiveFilter"/>.
/// The program sees each frame from its Ethernet header and returns how many bytes of it the socket gets: 0 rejects it
/// before the kernel copies anything.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct SocketFilterInstruction(ushort Code, byte JumpIfTrue, byte JumpIfFalse, uint Value)
{
    public static SocketFilterInstruction LoadHalfWord(uint offset) => new(0x28, 0, 0, offset);   // BPF_LD | BPF_H | BPF_ABS
    public static SocketFilterInstruction LoadByte(uint offset) => new(0x30, 0, 0, offset);       // BPF_LD | BPF_B | BPF_ABS
    public static SocketFilterInstruction LoadWord(uint offset) => new(0x20, 0, 0, offset);       // BPF_LD | BPF_W | BPF_ABS
    public static SocketFilterInstruction And(uint mask) => new(0x54, 0, 0, mask);                // BPF_ALU | BPF_AND | BPF_K
    /// <summary>Skips <paramref name="ifEqual"/> or <paramref name="ifNot"/> instructions after this one.</summary>
    public static SocketFilterInstruction JumpIfEqual(uint value, byte ifEqual, byte ifNot) => new(0x15, ifEqual, ifNot, value); // BPF_JMP | BPF_JEQ | BPF_K
    public static SocketFilterInstruction Return(uint bytes) => new(0x06, 0, 0, bytes);           // BPF_RET | BPF_K
}
