using System.Buffers.Binary;
using System.Text;

namespace Ferry.Storage.Local.Tests;

/// <summary>The FILE_RENAME_INFO layout the Windows replace hands to SetFileInformationByHandle (built by pure code, tested here).</summary>
public sealed class WindowsRenameInfoTests
{
    [Fact]
    public void The_buffer_holds_flags_a_null_root_the_name_length_and_the_UTF16_name()
    {
        const string Target = @"\\?\C:\srv\root\f.txt";

        var buffer = WindowsRenameInfo.Build(Target, WindowsRenameInfo.ReplaceIfExists | WindowsRenameInfo.PosixSemantics);

        Assert.Equal(20 + (Target.Length * 2) + 2, buffer.Length);
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(buffer));
        Assert.Equal(0L, BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(8)));
        Assert.Equal((uint)Target.Length * 2, BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(16)));
        Assert.Equal(Target, Encoding.Unicode.GetString(buffer, 20, Target.Length * 2));
        Assert.Equal([0, 0], buffer[^2..]);
    }

    [Fact]
    public void Names_beyond_the_basic_plane_keep_their_surrogate_pairs()
    {
        const string Target = @"C:\r\😀.txt";

        var buffer = WindowsRenameInfo.Build(Target, 0);

        Assert.Equal(Target, Encoding.Unicode.GetString(buffer, 20, Target.Length * 2));
    }
}
