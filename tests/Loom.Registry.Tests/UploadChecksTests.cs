using Loom.Testing;

namespace Loom.Registry.Tests;

/// <summary>The gate's first stage on real folders: one component project with tests, project files that only describe, code that keeps the rules on.</summary>
public sealed class UploadChecksTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private const string Project = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Loom.Sdk" Version="1.1.0" />
          </ItemGroup>
        </Project>
        """;

    [Fact]
    public void A_component_project_with_its_tests_passes()
    {
        folder.Write("src/Acme.Flags/Acme.Flags.csproj", Project);
        folder.Write("src/Acme.Flags/Flags.cs", "#nullable restore\nnamespace Acme;\n");
        folder.Write("tests/Acme.Flags.Tests/Acme.Flags.Tests.csproj", Project);
        folder.Write("tests/Acme.Flags.Tests/FlagsTests.cs", "#pragma warning disable LOOM006 // tests read their data files\n");

        var (project, findings) = UploadChecks.Check(folder.Path);

        Assert.Empty(findings);
        Assert.Equal("src/Acme.Flags/Acme.Flags.csproj", project!.Component);
        Assert.Equal(["tests/Acme.Flags.Tests/Acme.Flags.Tests.csproj"], project.Tests);
    }

    [Fact]
    public void Build_logic_build_wide_files_and_switched_off_rules_are_each_found_with_their_place()
    {
        folder.Write("src/Acme.Flags/Acme.Flags.csproj", Project.Replace("</Project>", """
              <Import Project="evil.targets" />
              <Target Name="Steal" BeforeTargets="Build"><Exec Command="curl example.org" /></Target>
              <ItemGroup>
                <Analyzer Remove="@(Analyzer)" />
                <PackageReference Include="Loom.Sdk" Version="1.1.0" ExcludeAssets="analyzers" />
              </ItemGroup>
            </Project>
            """, StringComparison.Ordinal));
        folder.Write("src/Acme.Flags/Flags.cs", "namespace Acme;\n#pragma warning disable\n#nullable disable\n[System.Diagnostics.CodeAnalysis.SuppressMessage(\"Loom\", \"LOOM006\")]\nclass A {}\n");
        folder.Write("src/Acme.Flags/.editorconfig", "[*.cs]\ndotnet_diagnostic.LOOM001.severity = none\n");
        folder.Write("Directory.Build.props", "<Project />");

        var (project, findings) = UploadChecks.Check(folder.Path);

        Assert.Null(project);
        var found = findings.Select(f => $"{f.Where}: {f.Message}").ToList();
        Assert.Contains("the upload has no tests project", findings.Select(f => f.Message));
        Assert.Contains("Directory.Build.props: Directory.Build.props changes how every project builds, which the gate decides", found);
        Assert.Contains("src/Acme.Flags/Acme.Flags.csproj:8: <Import> can run code or bring other build logic while the component builds", found);
        Assert.Contains("src/Acme.Flags/Acme.Flags.csproj:9: <Target> can run code or bring other build logic while the component builds", found);
        Assert.Contains(found, f => f.StartsWith("src/Acme.Flags/Acme.Flags.csproj:11: a project may hold only PackageReference", StringComparison.Ordinal) && f.EndsWith("this one has <Analyzer>", StringComparison.Ordinal));
        Assert.Contains("src/Acme.Flags/Acme.Flags.csproj:12: the Loom.Sdk reference leaves some of its assets out (its analyzers check the component)", found);
        Assert.Contains("src/Acme.Flags/Flags.cs:2: the code switches a component rule off", found);
        Assert.Contains("src/Acme.Flags/Flags.cs:3: the code switches nullable reference types off", found);
        Assert.Contains("src/Acme.Flags/Flags.cs:4: the code suppresses a component rule", found);
        Assert.Contains("src/Acme.Flags/.editorconfig:2: the file sets the severity of a component rule", found);
        Assert.All(findings, f => Assert.False(string.IsNullOrWhiteSpace(f.Fix)));
    }

    [Fact]
    public void Properties_and_files_that_would_change_what_the_build_imports_or_checks_are_found()
    {
        folder.Write("src/Acme.Flags/Acme.Flags.csproj", """
            <Project Sdk="Microsoft.NET.Sdk" TreatAsLocalProperty="TreatWarningsAsErrors">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImportDirectoryBuildTargets>false</ImportDirectoryBuildTargets>
                <CustomAfterMicrosoftCommonTargets>$(MSBuildProjectDirectory)/steal.targets</CustomAfterMicrosoftCommonTargets>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="../Helper/Helper.Tests.csproj" />
                <Compile Include="../../docs/more.txt" />
              </ItemGroup>
            </Project>
            """);
        folder.Write("src/Acme.Flags/steal.targets", "<Project />");
        folder.Write("tests/Helper/Helper.Tests.csproj", Project);

        var found = UploadChecks.Check(folder.Path).Findings.Select(f => $"{f.Where}: {f.Message}").ToList();

        Assert.Contains("src/Acme.Flags/Acme.Flags.csproj: <Project TreatAsLocalProperty=...> changes how properties given to the build apply", found);
        Assert.Contains("src/Acme.Flags/Acme.Flags.csproj:4: property ImportDirectoryBuildTargets is not one a component project sets (it could change what the build imports or checks)", found);
        Assert.Contains("src/Acme.Flags/Acme.Flags.csproj:5: property CustomAfterMicrosoftCommonTargets is not one a component project sets (it could change what the build imports or checks)", found);
        Assert.Contains("src/Acme.Flags/steal.targets: a file of build logic or configuration, which a project could import", found);
        Assert.Contains("src/Acme.Flags/Acme.Flags.csproj: the component does not reference Loom.Sdk itself", found);
        Assert.Contains("src/Acme.Flags/Acme.Flags.csproj:8: the component's project has a <ProjectReference> item: its code must be its own folder's .cs files, checked as they are", found);
        Assert.Contains("src/Acme.Flags/Acme.Flags.csproj:9: the component's project has a <Compile> item: its code must be its own folder's .cs files, checked as they are", found);
    }

    [Fact]
    public void A_pragma_after_a_unicode_line_separator_is_found()
    {
        folder.Write("src/Acme.Flags/Acme.Flags.csproj", Project);
        folder.Write("src/Acme.Flags/Flags.cs", "namespace Acme;\nclass A { }\u2028#pragma warning disable LOOM001\n");
        folder.Write("tests/Acme.Flags.Tests/Acme.Flags.Tests.csproj", Project);

        Assert.Contains("src/Acme.Flags/Flags.cs:3: the code switches a component rule off", UploadChecks.Check(folder.Path).Findings.Select(f => $"{f.Where}: {f.Message}"));
    }

    [Fact]
    public void Two_component_projects_or_none_are_refused()
    {
        folder.Write("a/A.csproj", Project);
        folder.Write("b/B.csproj", Project);
        folder.Write("tests/A.Tests/A.Tests.csproj", Project);
        Assert.Contains("the upload has 2 component projects (a/A.csproj, b/B.csproj); it holds one", UploadChecks.Check(folder.Path).Findings.Select(f => f.Message));

        using var empty = new TempFolder();
        empty.Write("README.md", "# nothing");
        Assert.Contains("the upload has no component project (.csproj)", UploadChecks.Check(empty.Path).Findings.Select(f => f.Message));
    }
}
