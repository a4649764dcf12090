using System.Globalization;
using System.Text;

namespace Loom.Cli.Tests;

/// <summary>
/// The generated code reads a CSV file as the platform reads it (tokens, quoting, delimiter and type overrides)
/// and writes one as the platform writes it, byte for byte.
/// </summary>
public sealed class CodegenCsvTests
{
    [Fact]
    public async Task A_file_with_missing_value_tokens_quotes_and_its_own_delimiter_is_read_and_written_as_the_platform_does()
    {
        using var workspace = LoomProcess.CopyExample("penguins");
        workspace.Write("data/orders.csv", Orders(240));
        workspace.Write("pipelines/orders.yaml", """
            apiVersion: loom/v1
            kind: Pipeline
            name: orders
            seed: 9
            steps:
              load: { component: data.read-csv@1, params: { path: data/orders.csv, delimiter: ';', missing_values: [NA, '?', 'null', '-'], column_types: ['code:text'] } }
              split: { component: data.split@1, inputs: { table: load.table }, params: { test_fraction: 0.25 } }
              train: { component: train.fasttree-regression@1, inputs: { table: split.train }, params: { label: amount, trees: 20, min_data_in_leaf: 2 } }
              evaluate: { component: evaluate.regression@1, inputs: { model: train.model, table: split.test } }
              scored: { component: score@1, inputs: { model: train.model, table: split.test } }
              export: { component: data.write-csv@1, inputs: { table: scored.table }, params: { delimiter: ';' } }
            outputs: { model: train.model, metrics: evaluate.metrics, scores: export.file }
            """);

        await GeneratedSolution.AssertPassesAsync(workspace, "pipelines/orders.yaml", "Orders");
    }

    /// <summary>
    /// Orders whose fields use every rule of the reader: tokens for missing values in number and text columns,
    /// numbers with spaces, exponents and "nan", booleans in any case, quoted fields with the delimiter, quotes
    /// and line breaks inside, and a numeric-looking code read as text.
    /// </summary>
    private static string Orders(int rows)
    {
        string[] regions = ["north", "NA", "south", "east; coast", "null", "west"];
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
}
