using System.Buffers;
using BenchmarkDotNet.Attributes;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.Ftp;
using Ferry.Ftp.Protocol;

namespace Ferry.Microbench;

/// <summary>
/// 1,000 directory entries formatted as LIST (Unix and MS-DOS) and MLSD lines into one reused buffer,
/// as ListingCommands writes them line by line into the data connection's PipeWriter.
/// </summary>
[MemoryDiagnoser]
public class ListFormatterBenchmarks
{
    private const int EntryCount = 1_000;

    /// <summary>Room for every line of the listing, so the buffer never grows during a measured run.</summary>
    private const int BufferBytes = 256 * EntryCount;

    private static readonly DateTimeOffset Now = new(2026, 11, 26, 15, 16, 0, TimeSpan.Zero);

    private readonly ArrayBufferWriter<byte> _buffer = new(BufferBytes);
    private FileEntry[] _entries = [];
    private ListFormatter _unix = null!;
    private ListFormatter _msDos = null!;
    private Account _account = null!;
    private VfsPath _directory = VfsPath.Root;

    [GlobalSetup]
    public void Setup()
    {
        _entries = [.. Enumerable.Range(0, EntryCount).Select(Entry)];
        var time = new FixedTimeProvider(Now);
        _unix = new ListFormatter(ListStyle.Unix, time);
        _msDos = new ListFormatter(ListStyle.MsDos, time);
        _account = new Account("alice", "hash", "/srv/alice", Permissions.All, []);
        _directory = VfsPath.Root.Combine("projects").Combine("ferry");
    }

    [Benchmark]
    public int UnixListLines()
    {
        _buffer.ResetWrittenCount();
        foreach (var entry in _entries)
        {
            _unix.WriteListLine(entry, _buffer);
        }

        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int MsDosListLines()
    {
        _buffer.ResetWrittenCount();
        foreach (var entry in _entries)
        {
            _msDos.WriteListLine(entry, _buffer);
        }

        return _buffer.WrittenCount;
    }

    /// <summary>The formatter alone: the rights are looked up once.</summary>
    [Benchmark]
    public int MlsdLines()
    {
        _buffer.ResetWrittenCount();
        foreach (var entry in _entries)
        {
            MlsxFacts.WriteLine(entry, entry.Name, Permissions.All, MlsxFacts.Default, leadingSpace: false, _buffer);
        }

        return _buffer.WrittenCount;
    }

    /// <summary>What MlsdAsync does per entry: the rights for the entry's own path, then the line.</summary>
    [Benchmark]
    public int MlsdLines_WithPermissionLookup()
    {
        _buffer.ResetWrittenCount();
        foreach (var entry in _entries)
        {
            var rights = _account.PermissionsFor(_directory.Combine(entry.Name));
            MlsxFacts.WriteLine(entry, entry.Name, rights, MlsxFacts.Default, leadingSpace: false, _buffer);
        }

        return _buffer.WrittenCount;
    }

    /// <summary>A mix a real folder has: files of all sizes, some folders, old and recent times, a few non-ASCII names.</summary>
    private static FileEntry Entry(int i)
    {
        var directory = i % 10 == 0;
        var name = i % 7 == 0 ? $"résumé-{i:D4}.pdf" : directory ? $"folder-{i:D4}" : $"file-{i:D4}.bin";
        var modified = Now - TimeSpan.FromDays(i % 400) - TimeSpan.FromMinutes(i);
        var unix = i % 3 == 0 ? new UnixFacts((UnixFileMode)0b110_100_100) : null;
        return new FileEntry(name, directory, directory ? 4096 : (long)i * 7919, modified, Unix: unix);
    }
}
