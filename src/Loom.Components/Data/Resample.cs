using Loom.Components.Tables;
using Loom.Sdk;
using Loom.Sdk.Tables;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;

namespace Loom.Components.Data;

/// <summary>Makes a larger (or smaller) table like the one given: for testing a pipeline at scale.</summary>
[Component("data.resample", "1.0.0", Example = "more: { component: data.resample@1, inputs: { table: load.table }, params: { factor: 10, jitter: 0.01, seed: 7 } }", Category = "data", Description = "Makes a table of factor times the rows, seeded. Above 1, rows are drawn at random with replacement and each number is moved by a little noise (jitter times the column's standard deviation, kept within the column's range, whole numbers kept whole; columns with a role — label, weight, group, ids — are copied) so copies differ; below 1, that share of the rows is drawn without replacement and keeps its order. For testing a pipeline on more data than it has (loom scale-test) and for bootstrapping. Holds the input in memory and writes the output a row group at a time.")]
[Input("table", ArtifactKind.Table, Description = "The table to resample.")]
[Output("table", ArtifactKind.Table, Description = "About factor times as many rows, with the same columns.")]
internal sealed class Resample : IComponent
{
    [Parameter("factor", Required = true, Min = 0.0001, Max = 10000, Description = "How many times the rows to make: 10 for ten times as many, 0.1 for a tenth.")]
    public double Factor { get; set; } = 1;

    [Parameter("jitter", Min = 0, Max = 1, Description = "Above factor 1: the noise added to each number, as a share of its column's standard deviation; 0 for exact copies.")]
    public double Jitter { get; set; } = 0.01;

    [Parameter("seed", Min = 0, Max = int.MaxValue, Description = "Random seed; by default one derived from the pipeline's seed and this step's name.")]
    public long? Seed { get; set; }

    public async Task ExecuteAsync(IComponentContext context)
    {
        var table = await TableIO.LoadAsync(context, "table").ConfigureAwait(false);
        var roles = await TableIO.RolesAsync(context, "table").ConfigureAwait(false);
        var rows = table.Rows.Count;
        if (rows == 0)
        {
            throw new DataException($"step '{context.StepName}': the table has no rows to resample");
        }

        var random = Seed is { } seed ? new Random((int)seed) : context.Random;
        var target = Math.Max(1, (long)Math.Round(rows * Factor, MidpointRounding.AwayFromZero));
        // Columns that name rather than measure (label, weight, group, ids) are copied, never moved.
        var kept = new HashSet<string>(roles.Ids.Concat(new[] { roles.Label, roles.Weight, roles.Group }.OfType<string>()), StringComparer.Ordinal);
        var batches = Factor < 1 ? Sampled(table, target, random) : Drawn(table, target, random, Jitter > 0 ? Spread.Of(table, Jitter, kept) : []);
        var written = await TableIO.WriteBatchesAsync(context, "table", batches.ToAsyncEnumerable(), roles).ConfigureAwait(false);
        context.Logger.LogInformation("{Written} rows from {Rows} (factor {Factor}{How})", written, rows, Factor, Factor < 1 ? ", without replacement" : Jitter > 0 ? $", numbers jittered by {Jitter} of their spread" : ", exact copies");
    }

    /// <summary><paramref name="target"/> rows chosen without replacement, in their order.</summary>
    private static IEnumerable<DataFrame> Sampled(DataFrame table, long target, Random random)
    {
        var order = Enumerable.Range(0, (int)table.Rows.Count).ToArray();
        random.Shuffle(order);
        var chosen = order.Take((int)target).Order().Select(i => (long)i).ToArray();
        for (var start = 0; start < chosen.Length; start += ParquetTables.BatchRows)
        {
            yield return table[chosen.Skip(start).Take(ParquetTables.BatchRows)];
        }
    }

    /// <summary><paramref name="target"/> rows drawn with replacement, a row group at a time, numbers jittered.</summary>
    private static IEnumerable<DataFrame> Drawn(DataFrame table, long target, Random random, IReadOnlyList<Spread> spreads)
    {
        for (long start = 0; start < target; start += ParquetTables.BatchRows)
        {
            var count = (int)Math.Min(ParquetTables.BatchRows, target - start);
            var picks = new long[count];
            for (var i = 0; i < count; i++)
            {
                picks[i] = random.NextInt64(table.Rows.Count);
            }

            var batch = table[picks];
            foreach (var spread in spreads)
            {
                spread.Apply(batch.Columns[spread.Column], random);
            }

            yield return batch;
        }
    }

    /// <summary>
    /// How a number column's values may move: normal noise of a standard deviation, kept in its range, whole when it
    /// is. Columns of doubles, floats and integers (as Parquet sources give them) alike; integers stay whole.
    /// </summary>
    internal sealed record Spread(string Column, double Deviation, double Min, double Max, bool Whole)
    {
        public static List<Spread> Of(DataFrame table, double jitter, IReadOnlySet<string> kept)
        {
            var spreads = new List<Spread>();
            foreach (var column in table.Columns.Where(c => !kept.Contains(c.Name) && IsNumber(c)))
            {
                var values = Enumerable.Range(0, (int)column.Length).Select(i => ToDouble(column[i])).Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value).ToArray();
                if (values.Length < 2)
                {
                    continue;
                }

                var mean = values.Average();
                var deviation = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1)) * jitter;
                if (deviation > 0)
                {
                    spreads.Add(new Spread(column.Name, deviation, values.Min(), values.Max(), values.All(v => v == Math.Floor(v))));
                }
            }

            return spreads;
        }

        public void Apply(DataFrameColumn column, Random random)
        {
            switch (column)
            {
                case DoubleDataFrameColumn doubles:
                    Move(doubles, v => v, v => v, random);
                    break;
                case SingleDataFrameColumn floats:
                    Move(floats, v => v, v => (float)v, random);
                    break;
                case Int32DataFrameColumn ints:
                    Move(ints, v => v, v => (int)v, random);
                    break;
                case Int64DataFrameColumn longs:
                    Move(longs, v => v, v => (long)v, random);
                    break;
                default:
                    throw new InvalidOperationException($"column '{column.Name}' of {column.DataType.Name} is not a number column");
            }
        }

        private static bool IsNumber(DataFrameColumn column) => column is DoubleDataFrameColumn or SingleDataFrameColumn or Int32DataFrameColumn or Int64DataFrameColumn;

        private static double? ToDouble(object? value) => value is null ? null : Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);

        private void Move<T>(PrimitiveDataFrameColumn<T> column, Func<T, double> read, Func<double, T> write, Random random)
            where T : unmanaged
        {
            for (long i = 0; i < column.Length; i++)
            {
                if (column[i] is not { } stored || read(stored) is var value && !double.IsFinite(value))
                {
                    continue; // missing stays missing
                }

                // Box-Muller: one standard normal draw from two uniform ones.
                var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                var moved = Math.Clamp(value + (normal * Deviation), Min, Max);
                column[i] = write(Whole ? Math.Round(moved, MidpointRounding.AwayFromZero) : moved);
            }
        }
    }
}
