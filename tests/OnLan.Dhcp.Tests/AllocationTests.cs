using OnLan.Dhcp;

namespace OnLan.Dhcp.Tests;

public class AllocationTests
{
    [Fact]
    public void Parsing_and_reading_a_message_allocates_nothing()
    {
        byte[] bytes = Requests.WindowsInform();
        Read(bytes); // JIT first

        long before = GC.GetAllocatedBytesForCurrentThread();
        int total = 0;
        for (int i = 0; i < 100; i++) total += Read(bytes);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(total > 0);
    }

    private static int Read(byte[] bytes)
    {
        if (DhcpMessage.TryParse(bytes, out var message) != DhcpError.None) return 0;
        int sum = (int)message.MessageType + message.ParameterRequestList.Length + message.ClientIdentifier.Length +
            message.HostName.Length + (message.RequestedAddress is null ? 0 : 1) + (message.ServerIdentifier is null ? 0 : 1);
        foreach (var (code, value) in message.EnumerateOptions()) sum += code + value.Length;
        return sum;
    }
}
