namespace Loom.Registry;

/// <summary>
/// What every template writes around its component and tests: the package source, the solution, the projects
/// (the component referencing only Loom.Sdk; the tests with xunit), real rows for the tests and the gate's
/// sample, and the README.
/// </summary>
internal static class TemplateParts
{
    /// <summary>Real rows (the first penguins of the Palmer penguins data, one with every measurement missing) for the tests.</summary>
    public const string Penguins = """
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

    /// <summary>
    /// A tests file for a component: its manifest is complete, then the template's <paramref name="facts"/> (members
    /// indented by four spaces, using <c>folder</c> and <c>Penguins()</c>), then the real rows they run on.
    /// </summary>
    public static string Tests(string name, string project, string type, string usings, string facts) => $$"""
        {{usings}}using Loom.Sdk;
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

        {{facts}}
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

        """;

    /// <summary>A template's component and tests, with the files around them.</summary>
    /// <param name="name">The component's name.</param>
    /// <param name="project">The project's name.</param>
    /// <param name="type">The component class's name.</param>
    /// <param name="sdkVersion">The Loom.Sdk version referenced.</param>
    /// <param name="component">The component's source file.</param>
    /// <param name="tests">The tests' source file.</param>
    /// <param name="summary">What the component does, for the README.</param>
    /// <param name="example">The component's example step, for the README.</param>
    public static IReadOnlyList<(string Path, string Text)> Files(string name, string project, string type, string sdkVersion, string component, string tests, string summary, string example) =>
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
        ($"src/{project}/{type}.cs", component),
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
        ($"tests/{project}.Tests/{type}Tests.cs", tests),
        ("README.md", $$"""
            # {{name}}

            A Loom component: {{summary}}

            ```yaml
            {{example}}
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
