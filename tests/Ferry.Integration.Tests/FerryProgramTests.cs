namespace Ferry.Integration.Tests;

/// <summary>FERRY_TEST_EXECUTABLE: which ferry the suite starts.</summary>
public sealed class FerryProgramTests
{
    [Fact]
    public void A_test_that_names_a_binary_runs_it_without_the_dll_argument()
    {
        var (program, leading) = FerryProgram.Command("/opt/ferry/ferry");

        Assert.Equal("/opt/ferry/ferry", program);
        Assert.Empty(leading);
    }

    [Fact]
    public void An_unset_or_empty_variable_names_no_binary()
    {
        Assert.Null(FerryProgram.ExecutableFrom(null));
        Assert.Null(FerryProgram.ExecutableFrom(""));
    }

    [Fact]
    public void The_variable_is_made_absolute_since_servers_run_in_folders_of_their_own()
    {
        var file = Path.GetTempFileName();
        try
        {
            var relative = Path.GetRelativePath(Environment.CurrentDirectory, file);

            Assert.Equal(file, FerryProgram.ExecutableFrom(relative));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_variable_that_names_no_file_is_refused()
    {
        var missing = Path.Combine(Path.GetTempPath(), "ferry-missing-" + Guid.NewGuid().ToString("N"), "ferry");

        var error = Assert.Throws<FileNotFoundException>(() => FerryProgram.ExecutableFrom(missing));

        Assert.Contains(FerryProgram.ExecutableVariable, error.Message, StringComparison.Ordinal);
    }
}
