using System.Buffers;
using System.Text;
using Ferry.Core.Identity;
using Ferry.Core.Storage;
using Ferry.Ftp.Protocol;

namespace Ferry.Ftp.Tests.Protocol;

public sealed class MlsxFactsTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 26, 3, 16, 0, TimeSpan.Zero);

    private static string Line(FileEntry entry, Permissions rights, MlsxFact facts = MlsxFacts.Default, bool leadingSpace = false)
    {
        var output = new ArrayBufferWriter<byte>();
        MlsxFacts.WriteLine(entry, entry.Name, rights, facts, leadingSpace, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    [Fact]
    public void File_line_carries_type_size_utc_modify_and_perm() =>
        Assert.Equal("type=file;size=5;modify=20261126031600;perm=rwadf; a.txt\r\n", Line(new FileEntry("a.txt", false, 5, Time), Permissions.All));

    [Fact]
    public void Directory_line_has_no_size_and_directory_perms() =>
        Assert.Equal("type=dir;modify=20261126031600;perm=el; sub\r\n", Line(new FileEntry("sub", true, 4096, Time), Permissions.ReadOnly));

    [Fact]
    public void Read_only_file_gets_only_r() =>
        Assert.Contains("perm=r;", Line(new FileEntry("a", false, 1, Time), Permissions.ReadOnly));

    [Fact]
    public void Unix_mode_is_octal_when_asked() =>
        Assert.Equal("UNIX.mode=0644; a\r\n", Line(new FileEntry("a", false, 1, Time, Unix: new UnixFacts((UnixFileMode)0b110_100_100)), Permissions.All, MlsxFact.UnixMode));

    [Fact]
    public void Without_unix_facts_there_is_no_unix_mode() =>
        Assert.Equal(" a\r\n", Line(new FileEntry("a", false, 1, Time), Permissions.All, MlsxFact.UnixMode));

    [Fact]
    public void Mlst_line_starts_with_a_space() =>
        Assert.StartsWith(" type=file;", Line(new FileEntry("a", false, 1, Time), Permissions.All, leadingSpace: true));

    [Fact]
    public void A_newline_in_a_name_cannot_forge_a_second_entry() =>
        Assert.Single(Line(new FileEntry("a\r\ntype=file; evil", false, 1, Time), Permissions.All).Split("\r\n", StringSplitOptions.RemoveEmptyEntries));

    [Theory]
    [InlineData(0b100_111_101_101, "UNIX.mode=04755;")]
    [InlineData(0b001_111_111_111, "UNIX.mode=01777;")]
    [InlineData(0, "UNIX.mode=00;")]
    public void Unix_mode_shows_special_bits_and_zero_in_octal(int mode, string expected) =>
        Assert.StartsWith(expected, Line(new FileEntry("a", false, 1, Time, Unix: new UnixFacts((UnixFileMode)mode)), Permissions.All, MlsxFact.UnixMode));

    [Fact]
    public void Size_is_the_full_length_and_modify_is_utc() =>
        Assert.Equal(
            "size=9223372036854775807;modify=20261125220000; x\r\n",
            Line(new FileEntry("x", false, long.MaxValue, new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.FromHours(5))), Permissions.All, MlsxFact.Size | MlsxFact.Modify));

    [Fact]
    public void Directory_with_every_right_gets_every_directory_letter() =>
        Assert.Contains("perm=elcmdf;", Line(new FileEntry("d", true, 0, Time), Permissions.All));

    [Fact]
    public void Non_ascii_name_is_written_as_utf8() =>
        Assert.EndsWith(" résumé 日本.txt\r\n", Line(new FileEntry("résumé 日本.txt", false, 1, Time), Permissions.All));

    [Fact]
    public void A_cr_inside_a_name_becomes_a_question_mark() =>
        Assert.EndsWith(" a?b?c\r\n", Line(new FileEntry("a\rb\nc", false, 1, Time), Permissions.All));

    [Theory]
    [InlineData("type;size;", MlsxFact.Type | MlsxFact.Size)]
    [InlineData("TYPE;Modify;unknown;", MlsxFact.Type | MlsxFact.Modify)]
    [InlineData("", MlsxFact.None)]
    [InlineData("UNIX.mode;", MlsxFact.UnixMode)]
    public void Opts_fact_lists_parse_and_ignore_unknown_facts(string list, MlsxFact expected) =>
        Assert.Equal(expected, MlsxFacts.Parse(list));

    [Fact]
    public void Format_lists_the_chosen_facts() =>
        Assert.Equal("type;size;UNIX.mode;", MlsxFacts.Format(MlsxFact.Type | MlsxFact.Size | MlsxFact.UnixMode));
}
