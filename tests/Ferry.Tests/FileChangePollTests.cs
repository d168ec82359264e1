using Ferry.Serving;
using Ferry.Testing;

namespace Ferry.Tests;

/// <summary>The configuration and certificate files are polled once a second; a change is reported once it has stayed for a whole interval.</summary>
public sealed class FileChangePollTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeClock _time = new();
    private int _reports;

    public void Dispose() => _dir.Dispose();

    private FileChangePoll Watch(params string[] paths) => new(paths, () => Interlocked.Increment(ref _reports), _time);

    private void Tick() => _time.Advance(FileChangePoll.Interval);

    [Fact]
    public void A_change_is_reported_once_after_it_has_stayed_for_an_interval()
    {
        var file = _dir.File("ferry.json");
        File.WriteAllText(file, "{ }");
        using var poll = Watch(file);

        File.WriteAllText(file, """{ "Accounts": [ """);
        Tick();
        Assert.Equal(0, _reports);

        // Still being written: the settling starts again.
        File.WriteAllText(file, """{ "Accounts": [ ] }""");
        Tick();
        Assert.Equal(0, _reports);

        Tick();
        Assert.Equal(1, _reports);
        Tick();
        Tick();
        Assert.Equal(1, _reports);
    }

    [Fact]
    public void An_absent_file_is_polled_without_throwing()
    {
        // Most servers run without ferry.json: an exception a second would be caught, but costs a throw each time.
        var file = _dir.File("ferry.json");
        var thrown = 0;
        void Count(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
        {
            if (e.Exception is IOException && e.Exception.Message.Contains(file, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref thrown);
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += Count;
        try
        {
            using var poll = Watch(file);
            Tick();
            Tick();
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }

        Assert.Equal(0, thrown);
        Assert.Equal(0, _reports);
    }

    [Fact]
    public void A_save_that_changes_nothing_is_not_a_change()
    {
        var file = _dir.File("ferry.json");
        File.WriteAllText(file, "{ }");
        using var poll = Watch(file);

        File.WriteAllText(file, "{ }");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(1));
        Tick();
        Tick();

        Assert.Equal(0, _reports);
    }

    [Fact]
    public void A_file_swapped_through_a_link_appearing_or_going_is_a_change()
    {
        // ferry.json a link to a file in a versioned folder, replaced by renaming a new link over it
        // (as a ConfigMap swaps its ..data link): the name never changes, the content does.
        var first = Directory.CreateDirectory(_dir.File("v1")).FullName;
        var second = Directory.CreateDirectory(_dir.File("v2")).FullName;
        File.WriteAllText(Path.Combine(first, "ferry.json"), "{ }");
        File.WriteAllText(Path.Combine(second, "ferry.json"), """{ "Logging": { } }""");
        var file = _dir.File("ferry.json");
        File.CreateSymbolicLink(file, Path.Combine(first, "ferry.json"));
        var missing = _dir.File("key.pem");
        using var poll = Watch(file, missing);

        var swap = _dir.File("ferry.json.new");
        File.CreateSymbolicLink(swap, Path.Combine(second, "ferry.json"));
        File.Move(swap, file, overwrite: true);
        Tick();
        Tick();
        Assert.Equal(1, _reports);

        File.WriteAllText(missing, "key");
        Tick();
        Tick();
        Assert.Equal(2, _reports);

        File.Delete(missing);
        Tick();
        Tick();
        Assert.Equal(3, _reports);
    }
}
