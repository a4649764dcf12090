using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Loom.Execution;
using Loom.Sdk;
using Loom.Worker;

namespace Loom.Registry;

/// <summary>
/// The gate's build and tests: the upload's projects, copied into a folder whose build settings the gate writes
/// (its package sources with its own Loom.Sdk, nullable on, warnings and the component rules as errors), built,
/// tested, and the component published with its dependencies, each command in the sandbox.
/// </summary>
internal sealed partial class GateBuild(GateOptions options, string root)
{
    private const string Configuration = "Release";

    /// <summary>The copy of the upload the component is built and published from; no test code runs in it.</summary>
    public string Source { get; } = Path.Combine(root, "source");

    /// <summary>The copy of the upload the tests are built and run in.</summary>
    public string Tested { get; } = Path.Combine(root, "tested");

    /// <summary>The built component (its assembly and dependencies), zipped as soon as it is published, before any test runs.</summary>
    public string PackageZip { get; } = Path.Combine(root, "package.zip");

    private string Sarif => Path.Combine(root, "component.sarif");

    /// <summary>Copies the upload twice and writes the gate's build settings around the copies.</summary>
    public async Task PrepareAsync(string upload, ComponentProject project, CancellationToken cancellationToken)
    {
        var sources = await PackageSourcesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var copy in new[] { Source, Tested })
        {
            CopyFolder(upload, copy);

            // The gate's package sources and its Loom.Sdk only: whatever the upload says about them is left out.
            foreach (var file in Directory.EnumerateFiles(copy, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f).Equals("nuget.config", StringComparison.OrdinalIgnoreCase)))
            {
                File.Delete(file);
            }
        }

        var sdk = Path.Combine(root, "sdk");
        Directory.CreateDirectory(sdk);
        File.Copy(options.SdkPackage, Path.Combine(sdk, Path.GetFileName(options.SdkPackage)));

        // Loom.Sdk comes from the gate's folder only, every other package from the machine's sources.
        var keys = sources.Select((url, i) => (Key: $"source-{i + 1}", Url: url)).ToList();
        File.WriteAllText(Path.Combine(root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="loom-sdk" value="{SecurityElement(sdk)}" />
            {string.Concat(keys.Select(k => $"    <add key=\"{k.Key}\" value=\"{SecurityElement(k.Url)}\" />\n"))}  </packageSources>
              <packageSourceMapping>
                <packageSource key="loom-sdk">
                  <package pattern="Loom.Sdk" />
                </packageSource>
            {string.Concat(keys.Select(k => $"    <packageSource key=\"{k.Key}\">\n      <package pattern=\"*\" />\n    </packageSource>\n"))}  </packageSourceMapping>
            </configuration>

            """);
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(root, "Directory.Build.targets"), """
            <Project>
              <!-- The quality gate's settings, after the projects' own; LoomGateComponent and LoomGateSarif come from the command line. -->
              <PropertyGroup>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <WarningsNotAsErrors></WarningsNotAsErrors>
                <RunAnalyzers>true</RunAnalyzers>
                <RunAnalyzersDuringBuild>true</RunAnalyzersDuringBuild>
              </PropertyGroup>
              <PropertyGroup Condition="'$(MSBuildProjectName)' == '$(LoomGateComponent)'">
                <NoWarn>$([System.Text.RegularExpressions.Regex]::Replace('$(NoWarn)', '(?i)LOOM\d*', ''))</NoWarn>
                <WarningsAsErrors>$(WarningsAsErrors);nullable;LOOM001;LOOM002;LOOM003;LOOM004;LOOM005;LOOM006;LOOM007</WarningsAsErrors>
                <ErrorLog>$(LoomGateSarif),version=2.1</ErrorLog>
              </PropertyGroup>
              <Target Name="LoomGateRequiresAnalyzers" BeforeTargets="CoreCompile" Condition="'$(MSBuildProjectName)' == '$(LoomGateComponent)'">
                <ItemGroup>
                  <LoomGateAnalyzer Include="@(Analyzer)" Condition="'%(Filename)' == 'Loom.Analyzers'" />
                </ItemGroup>
                <Error Condition="'@(LoomGateAnalyzer)' == ''" Code="LOOMGATE1" Text="the component builds without the Loom.Sdk analyzers (LOOM001-007); reference Loom.Sdk with Include and Version only" />
              </Target>
            </Project>

            """);
    }

    /// <summary>Builds the component; the findings, each compiler error with its place, and any LOOM rule suppressed in its code.</summary>
    public async Task<(IReadOnlyList<GateFinding> Findings, string Summary)> BuildAsync(ComponentProject project, CancellationToken cancellationToken)
    {
        var summary = $"Loom.Sdk {options.SdkVersion}, nullable on, warnings and the component rules as errors";
        KeepCachedSdkTrue();
        var outcome = await DotnetAsync(Source, project, cancellationToken, "build", project.Component, "-c", Configuration).ConfigureAwait(false);
        if (outcome.Stopped is { } why)
        {
            return ([new GateFinding($"the build was stopped: {why}", project.Component, "make the project build faster, or build it yourself to see where it hangs")], summary);
        }

        if (!outcome.Succeeded)
        {
            return (Diagnostics(outcome.Output, project.Component, Source), summary);
        }

        var findings = SuppressedRules().ToList();
        findings.AddRange(CheckSdkIdentity(project.Component));
        return (findings, summary);
    }

    /// <summary>Builds and runs the tests in their own copy of the upload; a finding per build error or failing test.</summary>
    public async Task<(IReadOnlyList<GateFinding> Findings, string Summary)> TestAsync(ComponentProject project, CancellationToken cancellationToken)
    {
        var findings = new List<GateFinding>();
        var passed = 0;
        KeepCachedSdkTrue();
        foreach (var tests in project.Tests)
        {
            var build = await DotnetAsync(Tested, project, cancellationToken, "build", tests, "-c", Configuration).ConfigureAwait(false);
            if (!build.Succeeded)
            {
                findings.AddRange(build.Stopped is { } stopped
                    ? [new GateFinding($"the tests' build was stopped: {stopped}", tests, "build the tests yourself to see where it hangs")]
                    : Diagnostics(build.Output, tests, Tested));
                continue;
            }

            var outcome = await DotnetAsync(Tested, project, cancellationToken, "test", tests, "-c", Configuration, "--no-build").ConfigureAwait(false);
            if (outcome.Stopped is { } why)
            {
                findings.Add(new GateFinding($"the tests were stopped: {why}", tests, "find the test that hangs with 'dotnet test' and make it finish"));
                continue;
            }

            passed += TestCounts().Matches(outcome.Output).Sum(m => int.Parse(m.Groups["passed"].Value, System.Globalization.CultureInfo.InvariantCulture));
            var failed = FailedTests(outcome.Output);
            findings.AddRange(failed.Select(f => new GateFinding($"test {f.Name} fails: {f.Message}", tests, "run 'dotnet test' and make it pass")));
            if (!outcome.Succeeded && failed.Count == 0)
            {
                findings.Add(new GateFinding($"the tests did not run to the end: {Tail(outcome.Output)}", tests, "run 'dotnet test' and make it pass"));
            }
        }

        if (findings.Count == 0 && passed == 0)
        {
            findings.Add(new GateFinding("the tests project holds no tests", project.Tests[0], "add tests on real data (see 'loom component new')"));
        }

        return (findings, $"{passed} passed");
    }

    /// <summary>The failing tests in dotnet test's output, each with the first lines of its error message.</summary>
    private static List<(string Name, string Message)> FailedTests(string output)
    {
        var lines = output.Split('\n');
        var failed = new List<(string Name, string Message)>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (FailedTest().Match(lines[i]) is not { Success: true } match || failed.Any(f => f.Name == match.Groups["name"].Value))
            {
                continue;
            }

            var message = lines.Skip(i + 1).SkipWhile(l => !l.Contains("Error Message:", StringComparison.Ordinal)).Skip(1)
                .TakeWhile(l => !l.Contains("Stack Trace:", StringComparison.Ordinal)).Select(l => l.Trim()).Where(l => l.Length > 0).Take(3);
            failed.Add((match.Groups["name"].Value, string.Join(" ", message)));
        }

        return failed;
    }

    /// <summary>Publishes the component with its dependencies and zips them at once; the assembly's file name, or a finding.</summary>
    public async Task<(string? AssemblyFile, GateFinding? Finding)> PublishAsync(ComponentProject project, CancellationToken cancellationToken)
    {
        var published = Path.Combine(root, "published");
        var outcome = await DotnetAsync(Source, project, cancellationToken, "publish", project.Component, "-c", Configuration, "--no-build", "-o", published).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            return (null, new GateFinding($"the component could not be published: {outcome.Stopped ?? Tail(outcome.Output)}", project.Component, "run 'dotnet publish' on the project and fix what it reports"));
        }

        var assembly = AssemblyName(Path.Combine(Source, project.Component)) + ".dll";
        if (!File.Exists(Path.Combine(published, assembly)))
        {
            return (null, new GateFinding($"publishing wrote no {assembly}", project.Component, "keep the project's output a class library named after it"));
        }

        ZipFile.CreateFromDirectory(published, PackageZip, CompressionLevel.Optimal, includeBaseDirectory: false);
        Folders.TryDelete(published);
        return (assembly, null);
    }

    /// <summary>A fresh copy of the published component, from its zip, for the worker to run.</summary>
    public string Unpack()
    {
        var folder = Path.Combine(root, $"run-{Guid.NewGuid():N}");
        ZipFile.ExtractToDirectory(PackageZip, folder);
        return folder;
    }

    private Task<SandboxedOutcome> DotnetAsync(string folder, ComponentProject project, CancellationToken cancellationToken, params string[] arguments) =>
        SandboxedProcess.RunAsync(
            new SandboxedStart(
                "dotnet",
                [
                    .. arguments,
                    "-nologo",
                    "-nodeReuse:false",
                    "-p:UseSharedCompilation=false",
                    // Given on the command line, these outrank anything a project sets.
                    "-p:TreatWarningsAsErrors=true",
                    "-p:ImportDirectoryBuildProps=true",
                    $"-p:DirectoryBuildPropsPath={Path.Combine(root, "Directory.Build.props")}",
                    "-p:ImportDirectoryBuildTargets=true",
                    $"-p:DirectoryBuildTargetsPath={Path.Combine(root, "Directory.Build.targets")}",
                    "-p:CustomBeforeMicrosoftCommonProps=",
                    "-p:CustomAfterMicrosoftCommonProps=",
                    "-p:CustomBeforeMicrosoftCommonTargets=",
                    "-p:CustomAfterMicrosoftCommonTargets=",
                    $"-p:RestoreConfigFile={Path.Combine(root, "nuget.config")}",
                    $"-p:LoomGateComponent={Path.GetFileNameWithoutExtension(project.Component)}",
                    $"-p:LoomGateSarif={Sarif}",
                ],
                folder,
                options.BuildLimits,
                Environment: new Dictionary<string, string>
                {
                    ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                    ["DOTNET_NOLOGO"] = "1",
                    ["MSBUILDDISABLENODEREUSE"] = "1",
                    ["NUGET_PACKAGES"] = options.PackagesFolder,
                    // The gate reads the output of dotnet test: in English, whatever the machine's language.
                    ["DOTNET_CLI_UI_LANGUAGE"] = "en",
                }),
            cancellationToken);

    /// <summary>
    /// The gate's packages folder is shared by its runs and reachable by the code they run: before each build, the
    /// Loom.Sdk files in it must be the carried package's, or the folder is removed for restore to extract it again.
    /// </summary>
    private void KeepCachedSdkTrue()
    {
        var folder = Path.Combine(options.PackagesFolder, "loom.sdk", options.SdkVersion.ToLowerInvariant());
        if (!Directory.Exists(folder))
        {
            return;
        }

        using var package = ZipFile.OpenRead(options.SdkPackage);
        foreach (var entry in package.Entries.Where(e => e.FullName.StartsWith("lib/", StringComparison.Ordinal) || e.FullName.StartsWith("analyzers/", StringComparison.Ordinal)))
        {
            var file = Path.Combine(folder, entry.FullName);
            using var expected = entry.Open();
            if (!File.Exists(file) || !SameBytes(expected, file))
            {
                Folders.TryDelete(folder);
                return;
            }
        }
    }

    private static bool SameBytes(Stream expected, string file)
    {
        using var memory = new MemoryStream();
        expected.CopyTo(memory);
        return memory.ToArray().AsSpan().SequenceEqual(File.ReadAllBytes(file));
    }

    /// <summary>LOOM rules the compiler found but a suppression hid (an attribute, a suppressor, any way there is), from its error log.</summary>
    private IEnumerable<GateFinding> SuppressedRules()
    {
        if (!File.Exists(Sarif))
        {
            yield return new GateFinding("the compiler wrote no error log, so the gate cannot tell whether the component rules ran", null, "build the component as 'loom component new' makes it");
            yield break;
        }

        using var log = JsonDocument.Parse(File.ReadAllText(Sarif));
        foreach (var result in log.RootElement.GetProperty("runs").EnumerateArray().SelectMany(r => r.TryGetProperty("results", out var results) ? results.EnumerateArray() : Enumerable.Empty<JsonElement>()))
        {
            var rule = result.TryGetProperty("ruleId", out var id) ? id.GetString() ?? "" : "";
            if (!rule.StartsWith("LOOM", StringComparison.Ordinal) || !result.TryGetProperty("suppressions", out var suppressions) || suppressions.GetArrayLength() == 0)
            {
                continue;
            }

            var where = result.TryGetProperty("locations", out var locations) && locations.GetArrayLength() > 0
                && locations[0].TryGetProperty("physicalLocation", out var physical)
                && physical.TryGetProperty("artifactLocation", out var artifact) && artifact.TryGetProperty("uri", out var uri)
                ? $"{Path.GetRelativePath(Source, new Uri(uri.GetString()!).LocalPath).Replace('\\', '/')}:{(physical.TryGetProperty("region", out var region) && region.TryGetProperty("startLine", out var line) ? line.GetInt32() : 0)}"
                : null;
            var message = result.TryGetProperty("message", out var text) && text.TryGetProperty("text", out var body) ? body.GetString() : rule;
            yield return new GateFinding($"{rule} is suppressed: {message}", where, "remove the suppression and follow the rule (docs/best-practices.md)");
        }
    }

    /// <summary>The package sources enabled on this machine (its NuGet configuration, not the upload's).</summary>
    private async Task<IReadOnlyList<string>> PackageSourcesAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(root);
        var outcome = await SandboxedProcess.RunAsync(new SandboxedStart("dotnet", ["nuget", "list", "source", "--format", "Short"], root, options.BuildLimits), cancellationToken).ConfigureAwait(false);
        return outcome.Succeeded
            ? [.. EnabledSource().Matches(outcome.Output).Select(m => m.Groups["url"].Value)]
            : throw new LoomException($"the machine's NuGet package sources could not be listed: {Tail(outcome.Output)}");
    }

    private static string SecurityElement(string text) => System.Security.SecurityElement.Escape(text);

    /// <summary>The compiler's and restore's errors, once each, with their places relative to the upload.</summary>
    private static List<GateFinding> Diagnostics(string output, string target, string folder)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var findings = new List<GateFinding>();
        foreach (var line in output.Split('\n'))
        {
            var match = Located().Match(line.TrimEnd());
            if (!match.Success || !seen.Add(match.Groups["file"].Value + match.Groups["place"].Value + match.Groups["code"].Value + match.Groups["message"].Value))
            {
                continue;
            }

            var file = Path.GetRelativePath(folder, match.Groups["file"].Value.Trim()).Replace('\\', '/');
            var place = match.Groups["place"].Success ? $"{file}:{match.Groups["line"].Value}:{match.Groups["column"].Value}" : file;
            var code = match.Groups["code"].Value;
            findings.Add(new GateFinding($"{code}: {match.Groups["message"].Value}", place, Advice(code)));
        }

        return findings.Count > 0 ? findings : [new GateFinding($"the build failed: {Tail(output)}", target, "run 'dotnet build' on the project and fix what it reports")];
    }

    private static string Advice(string code) => code switch
    {
        _ when code.StartsWith("LOOM", StringComparison.Ordinal) => $"follow rule {code} of docs/best-practices.md",
        _ when code.StartsWith("CS86", StringComparison.Ordinal) => "handle the null case: nullable reference types are on",
        _ when code.StartsWith("NU", StringComparison.Ordinal) => "reference packages the package sources have (and Loom.Sdk at the version 'loom component new' writes)",
        _ => "fix the code so it builds without warnings",
    };

    /// <summary>The Loom.Sdk the component was built against is exactly the gate's package.</summary>
    private IEnumerable<GateFinding> CheckSdkIdentity(string component)
    {
        var assets = Path.Combine(Source, Path.GetDirectoryName(component)!, "obj", "project.assets.json");
        if (!File.Exists(assets))
        {
            yield return new GateFinding("the restore wrote no obj/project.assets.json, so the gate cannot tell which Loom.Sdk the component uses", component, "keep the project's default output folders");
            yield break;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(assets));
        var library = document.RootElement.GetProperty("libraries").EnumerateObject().FirstOrDefault(l => l.Name.StartsWith("Loom.Sdk/", StringComparison.OrdinalIgnoreCase));
        var expected = Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(options.SdkPackage)));
        if (library.Value.ValueKind == JsonValueKind.Undefined)
        {
            yield return new GateFinding("the component does not reference Loom.Sdk", component, $"add <PackageReference Include=\"Loom.Sdk\" Version=\"{options.SdkVersion}\" />");
        }
        else if (library.Name != $"Loom.Sdk/{options.SdkVersion}")
        {
            yield return new GateFinding($"the component builds against {library.Name.Replace('/', ' ')}, not this Loom's Loom.Sdk {options.SdkVersion}", component, $"reference Loom.Sdk version {options.SdkVersion}");
        }
        else if (library.Value.GetProperty("sha512").GetString() != expected)
        {
            yield return new GateFinding(
                $"the Loom.Sdk {options.SdkVersion} package NuGet used is not the one this Loom carries",
                component,
                "a different package of that version sits in the NuGet cache: clear it with 'dotnet nuget locals global-packages --clear'");
        }
    }

    private static string AssemblyName(string project)
    {
        var document = System.Xml.Linq.XDocument.Load(project);
        return document.Descendants("AssemblyName").LastOrDefault()?.Value is { Length: > 0 } name ? name : Path.GetFileNameWithoutExtension(project);
    }

    private static string Tail(string output) => string.Join('\n', output.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(8));

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary><c>path(line,col): error CODE: message [project]</c> or <c>path : error CODE: message [project]</c>.</summary>
    [GeneratedRegex(@"^(?<file>[^(:]+?)(?<place>\((?<line>\d+),(?<column>\d+)\))?\s*:\s*error (?<code>[A-Z]+\d+): (?<message>.*?)(\s+\[[^\]]+\])?$")]
    private static partial Regex Located();

    [GeneratedRegex(@"^\s*Failed (?<name>[\w.]+) \[")]
    private static partial Regex FailedTest();

    [GeneratedRegex(@"^E (?<url>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex EnabledSource();

    [GeneratedRegex(@"Passed:\s+(?<passed>\d+)")]
    private static partial Regex TestCounts();
}
