namespace Loom.Registry;

/// <summary>The <c>csharp-transform</c> template: a table transform that streams, with its tests on a small real table.</summary>
internal static class TransformTemplate
{
    public static IReadOnlyList<(string Path, string Text)> Files(string name, string project, string type, string sdkVersion) =>
        TemplateParts.Files(
            name,
            project,
            type,
            sdkVersion,
            Component(name, project, type),
            Tests(name, project, type),
            "flags the rows whose number in a column is above a threshold, in a new true/false column (`<column>_above` unless `flag` names it). It streams the table, batch by batch.",
            $"flags: {{ component: {name}@1, inputs: {{ table: load.table }}, params: {{ column: body_mass_g, threshold: 4000 }} }}");

    private static string Component(string name, string project, string type) => $$"""
            using System.Globalization;
            using Loom.Sdk;
            using Loom.Sdk.Tables;
            using Microsoft.Data.Analysis;
            using Microsoft.Extensions.Logging;

            namespace {{project}};

            /// <summary>Flags the rows whose number in a column is above a threshold, in a new true/false column.</summary>
            [Component("{{name}}", "1.0.0", Category = "features", Description = "Flags the rows whose number in a column is above a threshold, in a new true/false column; a missing number is not above it. Streams the table.", Example = "flags: { component: {{name}}@1, inputs: { table: load.table }, params: { column: body_mass_g, threshold: 4000 } }")]
            [Input("table", ArtifactKind.Table, Description = "The rows, with the number column.")]
            [Output("table", ArtifactKind.Table, Description = "The rows, in the same order, with the flag column appended.")]
            public sealed class {{type}} : IComponent
            {
                /// <summary>The number column to compare.</summary>
                [Parameter("column", Required = true, Description = "The number column to compare.")]
                public string Column { get; set; } = "";

                /// <summary>Rows whose number is above it are flagged.</summary>
                [Parameter("threshold", Min = -1e12, Max = 1e12, Description = "Rows whose number is above this are flagged.")]
                public double Threshold { get; set; }

                /// <summary>The new column's name.</summary>
                [Parameter("flag", Description = "Name of the new column; by default the column's name followed by '_above'.")]
                public string? Flag { get; set; }

                /// <inheritdoc/>
                public async Task ExecuteAsync(IComponentContext context)
                {
                    ArgumentNullException.ThrowIfNull(context);
                    var flag = string.IsNullOrEmpty(Flag) ? Column + "_above" : Flag;
                    await CheckAsync(context, flag);

                    long flagged = 0;
                    var rows = await context.MapTableAsync("table", "table", batch =>
                    {
                        var values = batch.Columns[Column];
                        // A missing number is NaN, and NaN is above nothing.
                        var above = new BooleanDataFrameColumn(flag, Enumerable.Range(0, (int)batch.Rows.Count).Select(i => Convert.ToDouble(values[i], CultureInfo.InvariantCulture) > Threshold));
                        flagged += above.Count(value => value == true);
                        var output = batch.Clone();
                        output.Columns.Add(above);
                        return output;
                    });
                    context.Logger.LogInformation("flagged {Flagged} of {Rows} rows with '{Column}' above {Threshold}", flagged, rows, Column, Threshold);
                }

                /// <summary>The input is checked before any work: the column is there, holds numbers, and the flag column is new.</summary>
                private async Task CheckAsync(IComponentContext context, string flag)
                {
                    await using var reader = await context.OpenTableAsync("table");
                    var first = await reader.ReadFirstBatchAsync(context.CancellationToken);
                    if (first.Columns.IndexOf(Column) < 0)
                    {
                        throw new DataException($"step '{context.StepName}', 'column': the table has no column '{Column}'; its columns are {string.Join(", ", reader.ColumnNames)}");
                    }

                    if (first.Columns[Column] is not (DoubleDataFrameColumn or SingleDataFrameColumn))
                    {
                        throw new DataException($"step '{context.StepName}', 'column': column '{Column}' does not hold numbers");
                    }

                    if (reader.ColumnNames.Contains(flag))
                    {
                        throw new DataException($"step '{context.StepName}', 'flag': the table already has a column '{flag}'; name the flag column otherwise");
                    }
                }
            }

            """;

    private static string Tests(string name, string project, string type) => TemplateParts.Tests(name, project, type, "", $$"""
            [Fact]
            public async Task Penguins_heavier_than_4000_grams_are_flagged_and_one_whose_mass_is_missing_is_not()
            {
                var context = await new FolderContext(folder).WithTableAsync("table", Penguins());

                await new {{type}} { Column = "body_mass_g", Threshold = 4000 }.ExecuteAsync(context);

                var output = await context.OutputTableAsync("table");
                var flags = output.Columns["body_mass_g_above"].Cast<bool?>().ToList();
                Assert.Equal(24, flags.Count);
                Assert.Equal([7, 9, 14, 17, 19], flags.Select((flag, row) => (flag, row)).Where(f => f.flag == true).Select(f => f.row));
                Assert.False(flags[3]);
                Assert.Equal(Penguins().Columns["island"].Cast<string>(), output.Columns["island"].Cast<string>());
            }

            [Fact]
            public async Task A_column_the_table_does_not_have_is_refused_naming_it_and_nothing_is_written()
            {
                var context = await new FolderContext(folder).WithTableAsync("table", Penguins());

                var error = await Assert.ThrowsAsync<DataException>(() => new {{type}} { Column = "mass" }.ExecuteAsync(context));

                Assert.StartsWith("step 'step', 'column': the table has no column 'mass'; its columns are species, island", error.Message, StringComparison.Ordinal);
                Assert.Empty(context.Outputs);
            }

        """);
}
