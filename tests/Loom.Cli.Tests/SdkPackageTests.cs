using Loom.Testing;

namespace Loom.Cli.Tests;

/// <summary>
/// The Loom.Sdk package the loom command carries: a component project that references it is checked by the
/// component rules when it builds, and a rule broken fails a build with warnings as errors, as the quality gate builds.
/// </summary>
public sealed class SdkPackageTests
{
    [Fact]
    public async Task A_component_project_built_against_the_carried_sdk_fails_on_a_banned_api_and_builds_once_it_is_gone()
    {
        using var folder = new TempFolder();
        var sdk = Directory.GetFiles(Path.Combine(LoomProcess.ToolFolder, "sdk"), "Loom.Sdk.*.nupkg").Single();
        var version = Path.GetFileNameWithoutExtension(sdk)["Loom.Sdk.".Length..];
        Directory.CreateDirectory(folder.Combine("packages"));
        File.Copy(sdk, folder.Combine("packages", Path.GetFileName(sdk)));
        folder.Write("nuget.config", """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="loom" value="packages" />
              </packageSources>
            </configuration>
            """);
        folder.Write("Acme.Components.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Loom.Sdk" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        const string component = """
            using Loom.Sdk;

            namespace Acme.Components;

            [Component("acme.noop", "1.0.0", Description = "Does nothing.")]
            public sealed class Noop : IComponent
            {
                public Task ExecuteAsync(IComponentContext context)
                {
                    // LOGLINE
                    return Task.CompletedTask;
                }
            }
            """;
        folder.Write("Noop.cs", component.Replace("// LOGLINE", "Console.WriteLine(new Random().Next());", StringComparison.Ordinal));
        // A package cache of this build's own, so the carried package is the one restored.
        var build = $"NUGET_PACKAGES={folder.Combine("cache")} dotnet build -nologo 2>&1";

        var (exit, output) = await GeneratedSolution.ShellAsync(folder.Path, build);

        Assert.NotEqual(0, exit);
        Assert.Contains("Noop.cs(10,9): error LOOM001: 'System.Console.WriteLine' writes to or reads from the console", output, StringComparison.Ordinal);
        Assert.Contains("error LOOM004: 'new System.Random' draws different numbers on every run", output, StringComparison.Ordinal);

        folder.Write("Noop.cs", component.Replace("// LOGLINE", "context.ReportProgress(1, $\"drew {context.Random.Next()}\");", StringComparison.Ordinal));
        (exit, output) = await GeneratedSolution.ShellAsync(folder.Path, build);
        Assert.True(exit == 0, output);
        Assert.Contains("0 Warning(s)", output, StringComparison.Ordinal);
    }
}
