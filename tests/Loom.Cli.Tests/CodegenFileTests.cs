using System.Globalization;
using System.Text;
using Loom.Testing;

namespace Loom.Cli.Tests;

/// <summary>
/// The generated code reads data files as the platform reads them (CSV tokens, quoting, delimiter and type
/// overrides; JSON Lines nulls, absent keys and nested values; Parquet types from other tools; SQL queries' rows from
/// SQLite and PostgreSQL) and writes CSV as the platform writes it, byte for byte, and Parquet with the same columns
/// and rows.
/// </summary>
public sealed class CodegenFileTests
{
    [Fact]
    public async Task Generated_code_reads_csv_json_lines_parquet_and_sql_and_writes_files_as_the_platform_does()
    {
        using var postgres = PostgresServer.Start();
        using var latin1 = await Latin1CsvAsync();
        using var jsonLines = await JsonLinesAsync();
        using var parquet = await ParquetAsync();
        using var sql = await SqlAsync(postgres);

        // Reading and writing data is the model library's code; its tests compare what it reads, predicts and writes
        // with what the platform did. (The API and training apps are built and tested for the examples' solutions.)
        await GeneratedSolution.AssertAllPassAsync(
        [
            new(latin1, "pipelines/orders.yaml", "Orders"),
            new(jsonLines, "pipelines/visits.yaml", "Visits"),
            new(parquet, "pipelines/orders.yaml", "ParquetOrders"),
            new(sql, "pipelines/shop.yaml", "Shop"),
        ],
        GeneratedSolution.ModelAndItsTests);
    }

    /// <summary>A latin1 CSV file with missing-value tokens, quotes and its own delimiter; scored rows written as CSV.</summary>
    private static async Task<TempFolder> Latin1CsvAsync()
    {
        var workspace = LoomProcess.CopyExample("penguins");
        await File.WriteAllTextAsync(workspace.Combine("data/orders.csv"), Orders(240), Encoding.Latin1);
        workspace.Write("pipelines/orders.yaml", """
            apiVersion: loom/v1
            kind: Pipeline
            name: orders
            seed: 9
            steps:
              load: { component: data.read-csv@1, params: { path: data/orders.csv, encoding: latin1, delimiter: ';', missing_values: [NA, '?', 'null', '-'], column_types: ['code:text'] } }
              split: { component: data.split@1, inputs: { table: load.table }, params: { test_fraction: 0.25 } }
              train: { component: train.fasttree-regression@1, inputs: { table: split.train }, params: { label: amount, trees: 20, min_data_in_leaf: 2 } }
              evaluate: { component: evaluate.regression@1, inputs: { model: train.model, table: split.test } }
              scored: { component: score@1, inputs: { model: train.model, table: split.test } }
              export: { component: data.write-csv@1, inputs: { table: scored.table }, params: { delimiter: ';' } }
            outputs: { model: train.model, metrics: evaluate.metrics, scores: export.file }
            """);

        return workspace;
    }

    /// <summary>
    /// Orders whose fields use every rule of the reader: tokens for missing values in number and text columns,
    /// numbers with spaces, exponents and "nan", booleans in any case, quoted fields with the delimiter, quotes
    /// and line breaks inside, a numeric-looking code read as text, and accented text (the file is latin1).
    /// </summary>
    private static string Orders(int rows)
    {
        string[] regions = ["north", "NA", "Zürich", "east; coast", "null", "Besançon"];
        string[] notes = ["\"said \"\"rush\"\"\"", "-", "\"two\nlines\"", "plain", "", "?", "gift"];
        var text = new StringBuilder("code;region;quantity;express;note;amount\n");
        for (var i = 0; i < rows; i++)
        {
            var region = regions[i % regions.Length];
            var quantity = (i % 9) switch
            {
                0 => "?",
                1 => " " + (i % 13).ToString(CultureInfo.InvariantCulture) + " ",
                2 => "nan",
                3 => (i % 7).ToString(CultureInfo.InvariantCulture) + "e1",
                4 => "NA",
                _ => (i % 11 + 0.5).ToString(CultureInfo.InvariantCulture),
            };
            var express = (i % 4) switch { 0 => "TRUE", 1 => "false", 2 => "True", _ => "FALSE" };
            var amount = (i % 11 * 3.5) + (i % 4 == 0 || i % 4 == 2 ? 20 : 0) + (region.Contains(';', StringComparison.Ordinal) ? 7 : 0) + i % 5;
            text.Append(CultureInfo.InvariantCulture, $"{i % 37:000};{(region.Contains(';', StringComparison.Ordinal) ? $"\"{region}\"" : region)};{quantity};{express};{notes[i % notes.Length]};{amount}\n");
        }

        return text.ToString();
    }

    /// <summary>A JSON Lines file with nulls, absent keys, nested values and blank lines.</summary>
    private static async Task<TempFolder> JsonLinesAsync()
    {
        var workspace = LoomProcess.CopyExample("penguins");
        workspace.Write("data/visits.jsonl", Visits(200));
        workspace.Write("pipelines/visits.yaml", """
            apiVersion: loom/v1
            kind: Pipeline
            name: visits
            seed: 4
            steps:
              load: { component: data.read-jsonl@1, params: { path: data/visits.jsonl } }
              split: { component: data.split@1, inputs: { table: load.table }, params: { test_fraction: 0.25 } }
              train: { component: train.fasttree-regression@1, inputs: { table: split.train }, params: { label: minutes, trees: 20, min_data_in_leaf: 2 } }
              evaluate: { component: evaluate.regression@1, inputs: { model: train.model, table: split.test } }
            outputs: { model: train.model, metrics: evaluate.metrics }
            """);

        return workspace;
    }

    /// <summary>
    /// Visits whose lines use every rule of the reader: a number column with nulls, absent keys and exponents, a
    /// boolean column, a text column with nulls and absent keys, a column of numbers and strings (text), a nested
    /// object and array kept as JSON text, keys in another order, and blank lines.
    /// </summary>
    private static string Visits(int rows)
    {
        var text = new StringBuilder();
        for (var i = 0; i < rows; i++)
        {
            var pages = (i % 7) switch
            {
                0 => "null",
                1 => (i % 9).ToString(CultureInfo.InvariantCulture) + "e0",
                _ => (i % 13 + 0.25).ToString(CultureInfo.InvariantCulture),
            };
            var channel = (i % 5) switch { 0 => "\"channel\":null,", 1 => "", 2 => "\"channel\":\"ads\",", 3 => "\"channel\":\"mail \\\"promo\\\"\",", _ => "\"channel\":\"search\"," };
            var code = i % 3 == 0 ? (i % 4).ToString(CultureInfo.InvariantCulture) : $"\"c{i % 4}\"";
            var extra = (i % 4) switch { 0 => "{\"a\":1}", 1 => "[1,2]", 2 => "null", _ => "\"x\"" };
            var minutes = ((i % 13 * 2.5) + (i % 2 == 0 ? 10 : 0) + (i % 5 == 2 ? 4 : 0)).ToString(CultureInfo.InvariantCulture);
            var returning = i % 3 == 1 ? "true" : "false";
            var pagesField = i % 11 == 5 ? "" : $"\"pages\":{pages},";
            text.Append(i % 2 == 0
                ? $"{{{pagesField}{channel}\"returning\":{returning},\"code\":{code},\"extra\":{extra},\"minutes\":{minutes}}}\n"
                : $"{{\"minutes\":{minutes},\"extra\":{extra},\"code\":{code},\"returning\":{returning},{channel}{(pagesField.Length == 0 ? "\"pages\":null" : pagesField.TrimEnd(','))}}}\n");
            if (i % 17 == 3)
            {
                text.Append("  \n");
            }
        }

        return text.ToString();
    }

    /// <summary>A Parquet file from another tool with nullable boolean, date and decimal columns; scored rows written as Parquet.</summary>
    private static async Task<TempFolder> ParquetAsync()
    {
        var workspace = LoomProcess.CopyExample("penguins");
        await WriteOrdersParquetAsync(workspace.Combine("data/orders.parquet"), 240);
        workspace.Write("pipelines/orders.yaml", """
            apiVersion: loom/v1
            kind: Pipeline
            name: parquet-orders
            seed: 6
            steps:
              load: { component: data.read-parquet@1, params: { path: data/orders.parquet } }
              split: { component: data.split@1, inputs: { table: load.table }, params: { test_fraction: 0.25 } }
              train: { component: train.fasttree-regression@1, inputs: { table: split.train }, params: { label: spend, trees: 20, min_data_in_leaf: 2 } }
              evaluate: { component: evaluate.regression@1, inputs: { model: train.model, table: split.test } }
              scored: { component: score@1, inputs: { model: train.model, table: split.test } }
              export: { component: data.write-parquet@1, inputs: { table: scored.table } }
            outputs: { model: train.model, metrics: evaluate.metrics, scores: export.file }
            """);

        return workspace;
    }

    /// <summary>
    /// Orders as another tool writes them, in two row groups: 32-bit integers, nullable doubles, a nullable boolean
    /// with missing values (a number column), a boolean, text with nulls, a timestamp and decimals.
    /// </summary>
    private static async Task WriteOrdersParquetAsync(string path, int rows)
    {
        var schema = new Parquet.Schema.ParquetSchema(
            new Parquet.Schema.DataField<int>("items"),
            new Parquet.Schema.DataField<double?>("discount"),
            new Parquet.Schema.DataField<bool?>("member"),
            new Parquet.Schema.DataField<bool>("gift"),
            new Parquet.Schema.DataField<string>("region"),
            new Parquet.Schema.DataField<DateTime>("placed"),
            new Parquet.Schema.DataField<decimal>("spend"));
        await using var file = File.Create(path);
        await using var writer = await Parquet.ParquetWriter.CreateAsync(schema, file);
        foreach (var (first, count) in new[] { (0, rows / 2), (rows / 2, rows - (rows / 2)) })
        {
            var range = Enumerable.Range(first, count).ToList();
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(schema.DataFields[0], new ReadOnlyMemory<int>([.. range.Select(i => i % 9 + 1)]));
            await group.WriteAsync(schema.DataFields[1], new ReadOnlyMemory<double?>([.. range.Select(i => i % 6 == 0 ? null : (double?)(i % 4 * 0.05))]));
            await group.WriteAsync(schema.DataFields[2], new ReadOnlyMemory<bool?>([.. range.Select(i => i % 5 == 0 ? null : (bool?)(i % 3 == 0))]));
            await group.WriteAsync(schema.DataFields[3], new ReadOnlyMemory<bool>([.. range.Select(i => i % 7 == 0)]));
            await group.WriteAsync(schema.DataFields[4], range.Select(i => i % 8 == 0 ? null : new[] { "north", "south", "east" }[i % 3]).ToArray());
            await group.WriteAsync(schema.DataFields[5], new ReadOnlyMemory<DateTime>([.. range.Select(i => new DateTime(2026, 1 + (i % 12), 1 + (i % 27), i % 24, 0, 0, DateTimeKind.Utc))]));
            await group.WriteAsync(schema.DataFields[6], new ReadOnlyMemory<decimal>([.. range.Select(i => (decimal)((i % 9 + 1) * 12.5) * (1 - (i % 4 * 0.05m)) + (i % 3 == 0 ? 20m : 0m))]));
        }
    }

    /// <summary>SQL queries on SQLite and PostgreSQL, run with connection strings from the environment.</summary>
    private static async Task<TempFolder> SqlAsync(PostgresServer postgres)
    {
        var workspace = LoomProcess.CopyExample("penguins");
        var database = workspace.Combine("data/shop.db");
        WriteShopDatabase(database, 240);
        await WriteCustomersAsync(postgres.ConnectionString, 240);
        // Both the platform's run and the generated code read the connection strings from these variables.
        Environment.SetEnvironmentVariable("CODEGEN_SHOP_DB", $"Data Source={database}");
        Environment.SetEnvironmentVariable("CODEGEN_CUSTOMERS_DB", postgres.ConnectionString);
        workspace.Write("pipelines/shop.yaml", """
            apiVersion: loom/v1
            kind: Pipeline
            name: shop
            seed: 8
            steps:
              load: { component: data.read-sql@1, params: { provider: sqlite, connection_env: CODEGEN_SHOP_DB, query: 'SELECT id, region, visits, joined, amount FROM orders ORDER BY id' } }
              customers: { component: data.read-sql@1, params: { provider: postgresql, connection_env: CODEGEN_CUSTOMERS_DB, query: 'SELECT id, segment, loyal, since FROM customers ORDER BY id' } }
              joined: { component: table.join@1, inputs: { left: load.table, right: customers.table }, params: { on: id } }
              split: { component: data.split@1, inputs: { table: joined.table }, params: { test_fraction: 0.25 } }
              train: { component: train.fasttree-regression@1, inputs: { table: split.train }, params: { label: amount, trees: 20, min_data_in_leaf: 2, exclude: [id] } }
              evaluate: { component: evaluate.regression@1, inputs: { model: train.model, table: split.test } }
            outputs: { model: train.model, metrics: evaluate.metrics }
            """);

        return workspace;
    }

    /// <summary>Customers in a PostgreSQL table, one per order: integer ids, text segments (some NULL), booleans, dates.</summary>
    private static async Task WriteCustomersAsync(string connectionString, int rows)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE customers (id INTEGER PRIMARY KEY, segment TEXT, loyal BOOLEAN NOT NULL, since DATE)";
        await create.ExecuteNonQueryAsync();
        string?[] segments = ["retail", null, "business", "öffentlich"];
        for (var i = 0; i < rows; i++)
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO customers VALUES ($1, $2, $3, $4)";
            insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = i + 1 });
            insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = (object?)segments[i % segments.Length] ?? DBNull.Value });
            insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = i % 3 == 0 });
            insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = new DateOnly(2020 + (i % 6), 1 + (i % 12), 1 + (i % 28)) });
            await insert.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Orders in a SQLite table: integer ids and visits (some NULL), text regions (some NULL), dates as text, real amounts.</summary>
    private static void WriteShopDatabase(string path, int rows)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE orders (id INTEGER PRIMARY KEY, region TEXT, visits INTEGER, joined TEXT, amount REAL)";
        create.ExecuteNonQuery();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO orders VALUES ($id, $region, $visits, $joined, $amount)";
        string?[] regions = ["north", "south", null, "east", "west, coast"];
        for (var i = 0; i < rows; i++)
        {
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$id", i + 1);
            insert.Parameters.AddWithValue("$region", (object?)regions[i % regions.Length] ?? DBNull.Value);
            insert.Parameters.AddWithValue("$visits", i % 7 == 0 ? DBNull.Value : i % 11);
            insert.Parameters.AddWithValue("$joined", $"2026-{1 + (i % 12):00}-{1 + (i % 28):00}");
            insert.Parameters.AddWithValue("$amount", (i % 11 * 4.5) + (i % 5 == 1 ? 15 : 0) + (i % 3));
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
