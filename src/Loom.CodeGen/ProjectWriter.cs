using Loom.Components.CodeGen;

namespace Loom.CodeGen;

/// <summary>Writes the project files, the training console app and the tests of the generated solution.</summary>
internal static class ProjectWriter
{
    /// <summary>Versions pinned in the generated Directory.Packages.props: the ML.NET the platform trained with, the Parquet.Net and database clients it reads data with, and the ONNX converter and runtime it exports with.</summary>
    private static readonly (string Name, string Version)[] Versions =
    [
        ("Microsoft.ML", "5.0.1"), ("Microsoft.ML.LightGbm", "5.0.1"), ("Microsoft.ML.FastTree", "5.0.1"),
        ("Microsoft.Extensions.ObjectPool", "10.0.15"), ("Microsoft.Extensions.Logging.Abstractions", "10.0.15"),
        ("Microsoft.Extensions.Logging.Console", "10.0.15"), ("Microsoft.NET.Test.Sdk", "18.0.1"),
        ("xunit", "2.9.3"), ("xunit.runner.visualstudio", "3.1.5"), ("Microsoft.AspNetCore.OpenApi", "10.0.15"),
        ("OpenTelemetry.Extensions.Hosting", "1.21.0"), ("OpenTelemetry.Instrumentation.AspNetCore", "1.21.0"),
        ("OpenTelemetry.Exporter.Prometheus.AspNetCore", "1.20.1-beta.1"), ("Parquet.Net", "6.1.0"),
        ("Microsoft.Data.Sqlite", "10.0.0"), ("Npgsql", "10.0.3"), ("Microsoft.ML.OnnxConverter", "0.23.1"),
        ("Microsoft.ML.OnnxRuntime", "1.31.1"),
    ];

    /// <param name="pipeline">The pipeline as code.</param>
    /// <param name="model">The served model.</param>
    /// <param name="sdkVersion">The version of the Loom.Sdk package shipped for carried custom components, if any.</param>
    public static IEnumerable<(string File, string Text)> Write(EmittedPipeline pipeline, ModelFacts model, string? sdkVersion)
    {
        var n = pipeline.Code.Name;
        var packages = string.Concat(new[] { "Microsoft.ML" }.Concat(pipeline.Code.Packages).Select(p => $"    <PackageReference Include=\"{p}\" />\n"));
        yield return ("Directory.Build.props", """
            <Project>
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <GenerateDocumentationFile>true</GenerateDocumentationFile>
                <EnforceCodeStyleInBuild>true</EnforceCodeStyleInBuild>
                <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
              </PropertyGroup>
            </Project>

            """);
        (string Name, string Version)[] versions = pipeline.Carried.Count > 0 ? [.. Versions, ("Loom.Sdk", sdkVersion!)] : Versions;
        yield return ("Directory.Packages.props", "<Project>\n  <ItemGroup>\n" + string.Concat(versions.Select(v => $"    <PackageVersion Include=\"{v.Name}\" Version=\"{v.Version}\" />\n")) + "  </ItemGroup>\n</Project>\n");
        yield return (".editorconfig", """
            root = true

            [*]
            charset = utf-8
            end_of_line = lf
            insert_final_newline = true
            indent_style = space
            indent_size = 4
            trim_trailing_whitespace = true

            [*.{csproj,props,json,yml,yaml}]
            indent_size = 2

            # No dead code: unused usings, private members never used or never read fail the build.
            [*.cs]
            dotnet_diagnostic.IDE0005.severity = warning
            dotnet_diagnostic.IDE0051.severity = warning
            dotnet_diagnostic.IDE0052.severity = warning

            # Custom components are carried as their authors published them.
            [components/**.cs]
            dotnet_diagnostic.IDE0005.severity = none
            dotnet_diagnostic.IDE0051.severity = none
            dotnet_diagnostic.IDE0052.severity = none

            """);
        var carried = string.Concat(pipeline.Carried.SelectMany(c => c.Projects).Select(p => $"  <Project Path=\"{p}\" />\n"));
        yield return ($"{n}.slnx", $"""
            <Solution>
              <Project Path="src/{n}.Model/{n}.Model.csproj" />
              <Project Path="src/{n}.Training/{n}.Training.csproj" />
              <Project Path="src/{n}.Api/{n}.Api.csproj" />
              <Project Path="tests/{n}.Tests/{n}.Tests.csproj" />
              <Project Path="tests/{n}.Api.Tests/{n}.Api.Tests.csproj" />
            {carried}</Solution>

            """);
        // The steps of carried components run them through Loom.Sdk.
        var references = pipeline.Carried.Count == 0 ? ""
            : "    <PackageReference Include=\"Loom.Sdk\" />\n" + string.Concat(pipeline.Carried.Select(c => $"    <ProjectReference Include=\"../../{c.Project}\" />\n"));
        yield return ($"src/{n}.Model/{n}.Model.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
            {packages}    <PackageReference Include="Microsoft.Extensions.ObjectPool" />
                <PackageReference Include="Microsoft.Extensions.Logging.Abstractions" />
            {references}  </ItemGroup>
            </Project>

            """);
        foreach (var file in CarriedComponentFiles(pipeline))
        {
            yield return file;
        }
        yield return ($"src/{n}.Training/{n}.Training.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="../{n}.Model/{n}.Model.csproj" />
                <PackageReference Include="Microsoft.Extensions.Logging.Console" />
              </ItemGroup>
            </Project>

            """);
        yield return ($"src/{n}.Training/Program.cs", TrainingProgram(pipeline));
        yield return ($"tests/{n}.Tests/{n}.Tests.csproj", TestProjectFile.Text($"../../src/{n}.Model/{n}.Model.csproj", """
              <ItemGroup>
                <None Include="../../data/**" LinkBase="data" CopyToOutputDirectory="PreserveNewest" />
                <None Include="../../models/**" LinkBase="models" CopyToOutputDirectory="PreserveNewest" />
                <None Include="expected/**" CopyToOutputDirectory="PreserveNewest" />
              </ItemGroup>

            """));
        foreach (var file in TestsWriter.Write(pipeline, model))
        {
            yield return file;
        }
    }

    /// <summary>
    /// Loom.Sdk's component rules (LOOM001-LOOM007) reach every project through the carried components; they are for
    /// the components' code, so a global analyzer config under <c>src/</c> and <c>tests/</c> (which the compiler finds
    /// above each project's files, generated ones included) turns them off for the rest.
    /// </summary>
    private static string WithoutComponentRules() =>
        "is_global = true\n\n# Loom.Sdk's component rules are for the custom components under components/; this code reads and writes files as applications do.\n"
        + string.Concat(Enumerable.Range(1, 7).Select(i => $"dotnet_diagnostic.LOOM{i:D3}.severity = none\n"));

    /// <summary>
    /// The settings of the carried components' folder: component projects give their own package versions, as
    /// they did when published; Loom.Sdk, the package they are written against, comes from <c>packages/</c>.
    /// </summary>
    private static IEnumerable<(string File, string Text)> CarriedComponentFiles(EmittedPipeline pipeline)
    {
        if (pipeline.Carried.Count == 0)
        {
            yield break;
        }

        yield return ("src/.globalconfig", WithoutComponentRules());
        yield return ("tests/.globalconfig", WithoutComponentRules());
        yield return ($"{CarriedComponent.FolderName}/Directory.Build.props", """
            <Project>
              <!-- Custom components, as published: each project gives its own settings and package versions. -->
              <PropertyGroup>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
            </Project>

            """);
        yield return ("nuget.config", """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <!-- Loom.Sdk, the package the custom components under components/ are written against. -->
                <add key="loom-sdk" value="packages" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="loom-sdk">
                  <package pattern="Loom.Sdk" />
                </packageSource>
                <!-- Every other package from nuget.org: name your own source here if packages come from another. -->
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>

            """);
    }

    private static string TrainingProgram(EmittedPipeline pipeline)
    {
        var n = pipeline.Code.Name;
        var cases = string.Concat(pipeline.Options.Select(o => $"            case \"--{Kebab(o.Name)}\":\n                options = options with {{ {o.Property} = {Parse(o.Type, "Next(args, ref i)")} }};\n                break;\n"));
        var usage = string.Join(" ", pipeline.Options.Select(o => $"[--{Kebab(o.Name)} {o.Type.ToUpperInvariant()}]"));
        var writes = string.Concat(pipeline.Outputs.Select(o => o.Type switch
        {
            "TrainedModel" => $"    result.{o.Property}.Save(Path.Combine(output, \"{o.Name}.zip\"));\n",
            "IReadOnlyDictionary<string, double>" => $"    File.WriteAllText(Path.Combine(output, \"{o.Name}.json\"), JsonSerializer.Serialize(result.{o.Property}, new JsonSerializerOptions {{ WriteIndented = true }}));\n",
            "DataFile" => $"    await result.{o.Property}.SaveAsync(Path.Combine(output, \"{o.Name}.\" + result.{o.Property}.Extension));\n",
            _ => "",
        }));
        var usings = (pipeline.Options.Any(o => o.Type is "int" or "double") ? "using System.Globalization;\n" : "")
            + (pipeline.Outputs.Any(o => o.Type == "IReadOnlyDictionary<string, double>") ? "using System.Text.Json;\n" : "");
        return $$"""
            {{usings}}using Microsoft.Extensions.Logging;
            using {{n}}.Model;

            // Retrains the model from data with the pipeline's seed and parameters and writes the pipeline's
            // outputs (models, metrics, files). Exit codes: 0 trained, 1 failed, 2 wrong arguments.
            using var logging = LoggerFactory.Create(builder => builder.AddSimpleConsole(o => o.SingleLine = true));
            var logger = logging.CreateLogger("{{n}}.Training");
            {{(pipeline.Options.Count > 0 ? "var options = new TrainingOptions();\n" : "")}}var output = "out";
            try
            {
                for (var i = 0; i < args.Length; i++)
                {
                    switch (args[i])
                    {
                        case "--out":
                            output = Next(args, ref i);
                            break;
            {{cases}}            default:
                            throw new ArgumentException($"unknown argument '{args[i]}'");
                    }
                }
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                Console.Error.WriteLine($"{e.Message}\nusage: {{n}}.Training [--out DIR] {{usage}}");
                return 2;
            }

            try
            {
                var result = new {{n}}Training({{(pipeline.Steps.Any(s => s.Method.Body.Any(l => l.Contains("options.", StringComparison.Ordinal))) ? "options, " : "")}}logging.CreateLogger<{{n}}Training>()).Run();
                Directory.CreateDirectory(output);
            {{writes}}    logger.LogInformation("wrote the outputs to {Output}", output);
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or ArgumentException or UnauthorizedAccessException or System.Data.Common.DbException)
            {
                logger.LogError("training failed: {Message}", e.Message);
                return 1;
            }

            static string Next(string[] args, ref int i) =>
                ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");

            """;
    }

    private static string Parse(string type, string value) => type switch
    {
        "int" => $"int.Parse({value}, CultureInfo.InvariantCulture)",
        "double" => $"double.Parse({value}, CultureInfo.InvariantCulture)",
        "bool" => $"bool.Parse({value})",
        _ => value,
    };

    private static string Kebab(string name) => name.Replace('_', '-');
}
