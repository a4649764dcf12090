using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Loom.Benchmarks.OrchestrationBenchmarks).Assembly).Run(args);
