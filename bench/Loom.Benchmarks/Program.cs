using BenchmarkDotNet.Running;
using Loom.Benchmarks;

switch (args)
{
    case ["repeat-table", var input, var output, var rows]:
        await PlainScoring.RepeatAsync(input, output, long.Parse(rows, System.Globalization.CultureInfo.InvariantCulture));
        break;
    case ["plain-score", var model, var table]:
        await PlainScoring.ScoreAsync(model, table);
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(OrchestrationBenchmarks).Assembly).Run(args);
        break;
}
