using BenchmarkDotNet.Running;

// Run with: dotnet run -c Release --project bench/SlaKpiDsl.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
