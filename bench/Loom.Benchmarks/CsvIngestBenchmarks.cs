using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using CsvHelper;
using CsvHelper.Configuration;
using Loom.Components.Tables;
using Loom.Sdk.Tables;
using nietras.SeparatedValues;

namespace Loom.Benchmarks;

/// <summary>
/// CSV ingest: Loom's data.read-csv reader (type inference pass, then typed batches) against plain
/// parse loops that only touch every field, as the ceiling: Sep (the parser Loom's reader is built on) and
/// CsvHelper (the one it used before). The reader alone, and with the Parquet writing that data.read-csv
/// does after it. The file is the telco example repeated to 50 times its rows (352,150 rows).
/// </summary>
[MemoryDiagnoser]
public class CsvIngestBenchmarks
{
    private string path = "";
    private string parquet = "";

    [GlobalSetup]
    public void Setup()
    {
        var source = File.ReadAllLines(Path.Combine(RepositoryRoot(), "examples", "telco-churn", "data", "telco_churn.csv"));
        path = Path.Combine(Path.GetTempPath(), "loom-csv-ingest.csv");
        var text = new StringBuilder(source[0]).Append('\n');
        for (var i = 0; i < 50; i++)
        {
            foreach (var line in source.Skip(1))
            {
                text.Append(line).Append('\n');
            }
        }

        File.WriteAllText(path, text.ToString());
        parquet = Path.ChangeExtension(path, ".parquet");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        File.Delete(path);
        File.Delete(parquet);
    }

    [Benchmark(Baseline = true)]
    public long SepFields()
    {
        long fields = 0;
        using var reader = Sep.Reader().FromFile(path);
        foreach (var row in reader)
        {
            for (var c = 0; c < row.ColCount; c++)
            {
                fields += row[c].Span.Length > 0 ? 1 : 0;
            }
        }

        return fields;
    }

    [Benchmark]
    public long CsvHelperFields()
    {
        long fields = 0;
        using var text = new StreamReader(path);
        using var csv = new CsvParser(text, new CsvConfiguration(CultureInfo.InvariantCulture));
        while (csv.Read())
        {
            fields += csv.Record!.Count(f => f.Length > 0);
        }

        return fields;
    }

    [Benchmark]
    public long LoomReadCsvBatches()
    {
        var reader = new CsvTableReader(path, Options);
        var schema = reader.Infer(CancellationToken.None);
        return reader.ReadBatches(schema, CancellationToken.None).Sum(b => b.Rows.Count);
    }

    [Benchmark]
    public async Task<long> LoomReadCsvToParquet()
    {
        var reader = new CsvTableReader(path, Options);
        var schema = reader.Infer(CancellationToken.None);
        await using var file = File.Create(parquet);
        await using var writer = new TableWriter(file);
        foreach (var batch in reader.ReadBatches(schema, CancellationToken.None))
        {
            await writer.WriteAsync(batch, CancellationToken.None);
        }

        return writer.RowCount;
    }

    private static CsvReadOptions Options => new(",", true, new HashSet<string> { "", "NA" }, new Dictionary<string, ColumnKind>(), new UTF8Encoding(false));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Loom.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the repository");
    }
}
