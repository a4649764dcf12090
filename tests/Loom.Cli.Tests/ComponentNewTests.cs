namespace Loom.Cli.Tests;

/// <summary>
/// <c>loom component new</c>: a project that builds against the Loom.Sdk package the loom command carries, whose tests
/// pass on real rows, and whose build fails on a banned API (warnings as errors, as the quality gate builds).
/// </summary>
public sealed class ComponentNewTests
{
    [Fact]
    public async Task A_new_component_project_builds_and_passes_its_tests_and_a_banned_api_added_to_it_fails_its_build()
    {
        using var folder = new Loom.Testing.TempFolder();
        var (exit, stdout, stderr) = await LoomProcess.RunAsync(folder.Path, "component", "new", "acme.order-flags");
        Assert.True(exit == 0, stderr);
        Assert.Contains("wrote 11 files to acme.order-flags; build and test with: cd acme.order-flags && dotnet test", stdout, StringComparison.Ordinal);
        var project = folder.Combine("acme.order-flags");
        // A package cache of the test's own, so the carried package is the one restored.
        var cache = $"NUGET_PACKAGES={folder.Combine("cache")}";

        var test = await GeneratedSolution.ShellAsync(project, $"{cache} dotnet test 2>&1");
        Assert.True(test.Exit == 0, test.Output);
        Assert.Contains("Passed!  - Failed:     0, Passed:     3", test.Output, StringComparison.Ordinal);
        Assert.Contains("0 Warning(s)", (await GeneratedSolution.ShellAsync(project, $"{cache} dotnet build --no-restore 2>&1")).Output, StringComparison.Ordinal);

        var source = Path.Combine(project, "src", "Acme.OrderFlags", "OrderFlags.cs");
        File.WriteAllText(source, File.ReadAllText(source).Replace("await CheckAsync(context, flag);", "await CheckAsync(context, flag);\n        Console.WriteLine(new Random().Next());", StringComparison.Ordinal));
        var build = await GeneratedSolution.ShellAsync(project, $"{cache} dotnet build --no-restore 2>&1");
        Assert.NotEqual(0, build.Exit);
        Assert.Contains("OrderFlags.cs(33,9): error LOOM001: 'System.Console.WriteLine' writes to or reads from the console", build.Output, StringComparison.Ordinal);
        Assert.Contains("error LOOM004: 'new System.Random' draws different numbers on every run", build.Output, StringComparison.Ordinal);

        (exit, _, stderr) = await LoomProcess.RunAsync(folder.Path, "component", "new", "acme.order-flags");
        Assert.NotEqual(0, exit);
        Assert.Contains("is not empty; give a new folder with --out", stderr, StringComparison.Ordinal);
        (exit, _, stderr) = await LoomProcess.RunAsync(folder.Path, "component", "new", "Acme.Flags");
        Assert.NotEqual(0, exit);
        Assert.Contains("component name 'Acme.Flags' must be lower-case words separated by '.' or '-'", stderr, StringComparison.Ordinal);
        (exit, _, stderr) = await LoomProcess.RunAsync(folder.Path, "component", "new", "acme.3d-shapes");
        Assert.NotEqual(0, exit);
        Assert.Contains("each starting with a letter", stderr, StringComparison.Ordinal);
        var readme = File.ReadAllText(Path.Combine(project, "README.md"));
        Assert.Contains("flags: { component: acme.order-flags@1, inputs: { table: load.table }", readme, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_csharp_template_writes_checks_that_pass_the_quality_gate_and_fail_a_step_on_bad_data_and_loom_ci_gates_each_component()
    {
        using var workspace = LoomProcess.CopyExample("penguins");
        var (exit, stdout, stderr) = await LoomProcess.RunAsync(workspace.Path, "component", "new", "acme.checks", "--template", "csharp", "--out", "components/acme.checks");
        Assert.True(exit == 0, stderr);
        (exit, stdout, stderr) = await LoomProcess.RunAsync(workspace.Path, "component", "publish", "components/acme.checks");
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("tests (3 passed)", stdout, StringComparison.Ordinal);

        workspace.Write("pipelines/checked.yaml", """
            apiVersion: loom/v1
            kind: Pipeline
            name: checked
            steps:
              load: { component: data.read-csv@1, params: { path: data/penguins.csv } }
              checks: { component: acme.checks@1, inputs: { table: load.table }, params: { columns: [species, sex], max_missing_share: 0.01 } }
            """);
        var run = await LoomProcess.RunAsync(workspace.Path, "run", "pipelines/checked.yaml");
        Assert.Equal(1, run.Exit);
        Assert.Contains("step 'checks': column(s) 'sex' (0.032) miss more than max_missing_share 0.01 of their values", run.Out + run.Err, StringComparison.Ordinal);

        // loom ci takes every component under components/ through the quality gate: the scaffold passes, a copy
        // that writes to the console fails at its build, and the report says where.
        var broken = workspace.Combine("components/acme.loud");
        CopyFolder(workspace.Combine("components/acme.checks"), broken);
        const string Start = "ArgumentNullException.ThrowIfNull(context);";
        var source = Directory.EnumerateFiles(broken, "*.cs", SearchOption.AllDirectories).Single(f => File.ReadAllText(f).Contains(Start, StringComparison.Ordinal));
        File.WriteAllText(source, File.ReadAllText(source).Replace(Start, Start + " Console.WriteLine(\"checking\");", StringComparison.Ordinal));
        var ci = await LoomProcess.RunAsync(workspace.Path, "ci", "--junit", "ci.xml");
        Assert.True(ci.Exit == 1, ci.Out + ci.Err);
        Assert.Contains("pass  components components/acme.checks", ci.Out, StringComparison.Ordinal);
        Assert.Contains("FAIL  components components/acme.loud", ci.Out, StringComparison.Ordinal);
        var failure = System.Xml.Linq.XDocument.Load(workspace.Combine("ci.xml")).Descendants("testcase").Single(c => c.Attribute("name")!.Value == "components/acme.loud").Element("failure")!.Value;
        Assert.Contains("LOOM001", failure, StringComparison.Ordinal);
        Assert.Contains("System.Console.WriteLine", failure, StringComparison.Ordinal);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal)))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
