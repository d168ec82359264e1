using Ferry.Fuzz;
using SharpFuzz;

// ferry-fuzz TARGET            one AFL++ run (stdin or AFL's shared memory), as fuzz/run.sh starts it
// ferry-fuzz TARGET FILE...    replays inputs without AFL: each must pass its target's checks
if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"usage: ferry-fuzz TARGET [FILE...]; targets: {string.Join(", ", FuzzTargets.All.Keys)}");
    return 2;
}

if (args.Length > 1)
{
    foreach (var file in args[1..])
    {
        target(File.ReadAllBytes(file));
        Console.WriteLine($"ok {file}");
    }

    return 0;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var copy = new MemoryStream();
    stream.CopyTo(copy);
    target(copy.ToArray());
});
return 0;
