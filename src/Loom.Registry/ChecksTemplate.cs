namespace Loom.Registry;

/// <summary>
/// The <c>csharp</c> template: a component that reads a table batch by batch and writes a metrics document, failing
/// the step when the data breaks its rule; with its tests on a small real table.
/// </summary>
internal static class ChecksTemplate
{
    public static IReadOnlyList<(string Path, string Text)> Files(string name, string project, string type, string sdkVersion) =>
        TemplateParts.Files(
            name,
            project,
            type,
            sdkVersion,
            Component(name, project, type),
            Tests(name, project, type),
            "checks that the columns a pipeline relies on are present and rarely missing, writes the share of missing values of each as metrics, and fails the step when one misses more than `max_missing_share`. It reads the table batch by batch.",
            $"checks: {{ component: {name}@1, inputs: {{ table: load.table }}, params: {{ columns: [species, island, body_mass_g], max_missing_share: 0.1 }} }}");

    private static string Component(string name, string project, string type) => $$"""
        using System.Globalization;
        using System.Text.Json;
        using Loom.Sdk;
        using Loom.Sdk.Tables;
        using Microsoft.Data.Analysis;
        using Microsoft.Extensions.Logging;

        namespace {{project}};

        /// <summary>Checks that columns are present and rarely missing, and writes each one's share of missing values as metrics.</summary>
        [Component("{{name}}", "1.0.0", Category = "evaluate", Description = "Checks that the given columns are present and rarely missing: writes each one's share of missing values as metrics, and fails the step when one misses more than max_missing_share. Reads the table batch by batch.", Example = "checks: { component: {{name}}@1, inputs: { table: load.table }, params: { columns: [species, island, body_mass_g], max_missing_share: 0.1 } }")]
        [Input("table", ArtifactKind.Table, Description = "The rows to check.")]
        [Output("metrics", ArtifactKind.Metrics, Description = "The rows counted and each column's share of missing values.")]
        public sealed class {{type}} : IComponent
        {
            /// <summary>The columns to check.</summary>
            [Parameter("columns", Required = true, Description = "The columns that must be present and rarely missing.")]
            public string[] Columns { get; set; } = [];

            /// <summary>The largest share of missing values a column may have.</summary>
            [Parameter("max_missing_share", Min = 0, Max = 1, Description = "The largest share of missing values a column may have, from 0 to 1.")]
            public double MaxMissingShare { get; set; } = 0.05;

            /// <inheritdoc/>
            public async Task ExecuteAsync(IComponentContext context)
            {
                ArgumentNullException.ThrowIfNull(context);
                await using var reader = await context.OpenTableAsync("table");
                var absent = Columns.Where(c => !reader.ColumnNames.Contains(c)).ToList();
                if (Columns.Length == 0 || absent.Count > 0)
                {
                    throw new DataException($"step '{context.StepName}', 'columns': {(Columns.Length == 0 ? "name at least one column" : $"the table has no column(s) {string.Join(", ", absent)}")}; its columns are {string.Join(", ", reader.ColumnNames)}");
                }

                long rows = 0;
                var missing = Columns.ToDictionary(c => c, _ => 0L);
                await foreach (var batch in reader.ReadBatchesAsync(context.CancellationToken))
                {
                    rows += batch.Rows.Count;
                    foreach (var column in Columns)
                    {
                        missing[column] += Missing(batch.Columns[column]);
                    }
                }

                var shares = Columns.ToDictionary(c => $"missing_share_{c}", c => rows == 0 ? 0 : (double)missing[c] / rows);
                var metrics = new Dictionary<string, double>(shares) { ["rows"] = rows, ["max_missing_share"] = shares.Values.DefaultIfEmpty(0).Max() };
                await context.WriteOutputAsync("metrics", (stream, token) => JsonSerializer.SerializeAsync(stream, new { task = "checks", rows, metrics }, LoomJson.Options, token));
                context.Logger.LogInformation("checked {Columns} column(s) of {Rows} rows; the most missing: {Share}", Columns.Length, rows, metrics["max_missing_share"].ToString("0.###", CultureInfo.InvariantCulture));

                var over = Columns.Where(c => shares[$"missing_share_{c}"] > MaxMissingShare).ToList();
                if (over.Count > 0)
                {
                    throw new DataException($"step '{context.StepName}': column(s) {string.Join(", ", over.Select(c => $"'{c}' ({shares[$"missing_share_{c}"].ToString("0.###", CultureInfo.InvariantCulture)})"))} miss more than max_missing_share {MaxMissingShare.ToString(CultureInfo.InvariantCulture)} of their values");
                }
            }

            /// <summary>Missing cells: NaN numbers and empty text, as tables hold them.</summary>
            private static long Missing(DataFrameColumn column) => column switch
            {
                DoubleDataFrameColumn numbers => numbers.Count(v => v is not { } value || double.IsNaN(value)),
                StringDataFrameColumn text => text.Count(string.IsNullOrEmpty),
                _ => column.NullCount,
            };
        }

        """;

    private static string Tests(string name, string project, string type) => TemplateParts.Tests(name, project, type, "using System.Text.Json;\n", $$"""
            [Fact]
            public async Task The_share_of_missing_values_of_each_column_is_written_as_metrics()
            {
                var context = await new FolderContext(folder).WithTableAsync("table", Penguins());

                await new {{type}} { Columns = ["species", "body_mass_g", "sex"], MaxMissingShare = 0.5 }.ExecuteAsync(context);

                using var metrics = JsonDocument.Parse(File.ReadAllText(context.Outputs["metrics"]));
                var values = metrics.RootElement.GetProperty("metrics");
                Assert.Equal(24, values.GetProperty("rows").GetDouble());
                Assert.Equal(0, values.GetProperty("missing_share_species").GetDouble());
                Assert.Equal(1.0 / 24, values.GetProperty("missing_share_body_mass_g").GetDouble(), 12);
                Assert.Equal(5.0 / 24, values.GetProperty("max_missing_share").GetDouble(), 12);
            }

            [Fact]
            public async Task A_column_missing_too_often_fails_the_step_naming_it()
            {
                var context = await new FolderContext(folder).WithTableAsync("table", Penguins());

                var error = await Assert.ThrowsAsync<DataException>(() => new {{type}} { Columns = ["island", "sex"], MaxMissingShare = 0.1 }.ExecuteAsync(context));

                Assert.Equal("step 'step': column(s) 'sex' (0.208) miss more than max_missing_share 0.1 of their values", error.Message);
            }

        """);
}
