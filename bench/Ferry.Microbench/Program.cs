using BenchmarkDotNet.Running;

// Pick benchmarks with --filter, e.g. --filter '*ListFormatter*' --job short.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
