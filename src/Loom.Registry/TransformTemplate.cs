namespace Loom.Registry;

/// <summary>The <c>csharp-transform</c> template: a table transform that streams, with its tests on a small real table.</summary>
internal static class TransformTemplate
{
    /// <summary>Real rows (the first penguins of the Palmer penguins data, one with every measurement missing) for the tests.</summary>
    private const string Penguins = """
        "species","island","bill_length_mm","bill_depth_mm","flipper_length_mm","body_mass_g","sex","year"
        "Adelie","Torgersen",39.1,18.7,181,3750,"male",2007
        "Adelie","Torgersen",39.5,17.4,186,3800,"female",2007
        "Adelie","Torgersen",40.3,18,195,3250,"female",2007
        "Adelie","Torgersen",,,,,,2007
        "Adelie","Torgersen",36.7,19.3,193,3450,"female",2007
        "Adelie","Torgersen",39.3,20.6,190,3650,"male",2007
        "Adelie","Torgersen",38.9,17.8,181,3625,"female",2007
        "Adelie","Torgersen",39.2,19.6,195,4675,"male",2007
        "Adelie","Torgersen",34.1,18.1,193,3475,,2007
        "Adelie","Torgersen",42,20.2,190,4250,,2007
        "Adelie","Torgersen",37.8,17.1,186,3300,,2007
        "Adelie","Torgersen",37.8,17.3,180,3700,,2007
        "Adelie","Torgersen",41.1,17.6,182,3200,"female",2007
        "Adelie","Torgersen",38.6,21.2,191,3800,"male",2007
        "Adelie","Torgersen",34.6,21.1,198,4400,"male",2007
        "Adelie","Torgersen",36.6,17.8,185,3700,"female",2007
        "Adelie","Torgersen",38.7,19,195,3450,"female",2007
        "Adelie","Torgersen",42.5,20.7,197,4500,"male",2007
        "Adelie","Torgersen",34.4,18.4,184,3325,"female",2007
        "Adelie","Torgersen",46,21.5,194,4200,"male",2007
        "Adelie","Biscoe",37.8,18.3,174,3400,"female",2007
        "Adelie","Biscoe",37.7,18.7,180,3600,"male",2007
        "Adelie","Biscoe",35.9,19.2,189,3800,"female",2007
        "Adelie","Biscoe",38.2,18.1,185,3950,"male",2007
        """;

    /// <summary>What both projects build with: .NET 10, nullable reference types, warnings as errors.</summary>
    private const string Properties = """
        <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
        """;

    public static IReadOnlyList<(string Path, string Text)> Files(string name, string project, string type, string sdkVersion) =>
    [
        ("nuget.config", """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <!-- The Loom.Sdk package this project was made with. -->
                <add key="loom" value="packages" />
              </packageSources>
            </configuration>

            """),
        ($"{project}.slnx", $"""
            <Solution>
              <Project Path="src/{project}/{project}.csproj" />
              <Project Path="tests/{project}.Tests/{project}.Tests.csproj" />
            </Solution>

            """),
        (".gitignore", "bin/\nobj/\n"),
        ($"src/{project}/{project}.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                {Properties}
                <GenerateDocumentationFile>true</GenerateDocumentationFile>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Loom.Sdk" Version="{sdkVersion}" />
              </ItemGroup>
            </Project>

            """),
        ($"src/{project}/{type}.cs", $$"""
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

            """),
        ($"tests/{project}.Tests/{project}.Tests.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                {Properties}
                <!-- The SDK's rules are for the component; its tests work with files, and may. -->
                <NoWarn>$(NoWarn);LOOM001;LOOM002;LOOM003;LOOM004;LOOM005;LOOM006;LOOM007</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
                <PackageReference Include="xunit" Version="2.9.3" />
                <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
                <ProjectReference Include="../../src/{project}/{project}.csproj" />
                <None Include="data/**" CopyToOutputDirectory="PreserveNewest" />
                <Using Include="Xunit" />
              </ItemGroup>
            </Project>

            """),
        ($"tests/{project}.Tests/data/penguins.csv", Penguins),
        ("sample/table.csv", Penguins),
        ($"tests/{project}.Tests/{type}Tests.cs", $$"""
            using Loom.Sdk;
            using Loom.Sdk.Testing;
            using Microsoft.Data.Analysis;

            namespace {{project}}.Tests;

            /// <summary>The component on real rows, run through a step context over a temporary folder.</summary>
            public sealed class {{type}}Tests : IDisposable
            {
                private readonly string folder = Directory.CreateTempSubdirectory("{{name}}-").FullName;

                [Fact]
                public void Its_manifest_is_complete()
                {
                    var manifest = ManifestReader.Read(typeof({{type}}));
                    Assert.Equal("{{name}}", manifest.Name);
                    Assert.All(manifest.Parameters, p => Assert.False(string.IsNullOrWhiteSpace(p.Description)));
                }

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

                public void Dispose() => Directory.Delete(folder, recursive: true);

                /// <summary>The penguins, as a table holds them: missing numbers as NaN, missing text as "".</summary>
                private static DataFrame Penguins()
                {
                    var table = DataFrame.LoadCsv(
                        Path.Combine(AppContext.BaseDirectory, "data", "penguins.csv"),
                        dataTypes: [typeof(string), typeof(string), typeof(double), typeof(double), typeof(double), typeof(double), typeof(string), typeof(double)]);
                    foreach (var column in table.Columns)
                    {
                        column.FillNulls(column is StringDataFrameColumn ? "" : double.NaN, inPlace: true);
                    }

                    return table;
                }
            }

            """),
        ("README.md", $$"""
            # {{name}}

            A Loom component: flags the rows whose number in a column is above a threshold, in a new true/false
            column (`<column>_above` unless `flag` names it). It streams the table, batch by batch.

            ```yaml
            flags: { component: {{name}}@1, inputs: { table: load.table }, params: { column: body_mass_g, threshold: 4000 } }
            ```

            ## Build and test

            ```sh
            dotnet test
            ```

            ## Publish

            ```sh
            loom component publish .
            ```

            Publishing runs the quality gate: the build with the rules below, the tests, the manifest (descriptions, ranges,
            an example), and the example step on `sample/` twice with one seed, whose outputs must be the same.

            The project references only `Loom.Sdk`, from `packages/` (see `nuget.config`). The SDK checks the code as it
            builds, and warnings are errors: no console (LOOM001), no process exit (LOOM002), no static mutable state
            (LOOM003), no unseeded random numbers (LOOM004), no sleeping (LOOM005), no files (LOOM006) or network
            (LOOM007) except through the step's context.

            ## Layout

            | path | holds |
            | --- | --- |
            | `src/{{project}}/{{type}}.cs` | the component: its attributes are its manifest (ports, parameters, docs, ranges) |
            | `tests/{{project}}.Tests/` | its tests, on real rows (`data/penguins.csv`), through `FolderContext` |
            | `sample/table.csv` | the rows the quality gate runs the example step on, twice, to check that its output is the same |
            | `packages/` | the Loom.Sdk package |

            """),
    ];
}
