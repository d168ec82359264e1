namespace Ferry.Bench.Tests;

public class ProcessTreeMemoryTests
{
    [Theory]
    [InlineData("1234 (vsftpd) S 77 1234 1234 0 -1", 77)]
    [InlineData("1234 (a) b (c) S 88 1 1 0", 88)]
    public void Reads_the_parent_after_the_last_parenthesis(string stat, int parent)
    {
        Assert.True(ProcessTreeMemory.TryParseParent(stat, out var parsed));
        Assert.Equal(parent, parsed);
    }

    [Fact]
    public void Includes_the_root_process_itself()
    {
        Assert.Contains(Environment.ProcessId, ProcessTreeMemory.Tree(Environment.ProcessId));
    }
}
