using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Gongkai.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Gongkai.Benchmarks.ReadAndCheckBenchmarks).Assembly).Run(args);
