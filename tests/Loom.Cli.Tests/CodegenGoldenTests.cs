using System.Text.RegularExpressions;
using Loom.Components;
using Loom.Components.CodeGen;
using Loom.Pipelines.Catalog;
using Loom.Testing;

namespace Loom.Cli.Tests;

/// <summary>
/// Golden files of the code each component emits: the pipelines in <c>Golden/</c> use every component that has a
/// code emitter (reading the penguins example's data and <c>Golden/data/</c>), and each step's generated method must
/// equal <c>Golden/&lt;pipeline&gt;.&lt;step&gt;.cs.txt</c>.
/// A change to an emitter shows up here as a diff to review; <c>LOOM_UPDATE_GOLDEN=1</c> rewrites the files.
/// </summary>
public sealed partial class CodegenGoldenTests
{
    private static readonly string Folder = Repository.Path("tests", "Loom.Cli.Tests", "Golden");

    public static TheoryData<string> Pipelines => new(Directory.GetFiles(Folder, "*.yaml").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!);

    [Fact]
    public void The_golden_pipelines_use_every_component_that_emits_code()
    {
        var emitters = new ComponentCatalog().RegisterAssembly(BuiltInComponents.Assembly).All
            .Where(r => r.Implementation is { } type && EmitsCode(type))
            .Select(r => r.Manifest.Name)
            .ToHashSet(StringComparer.Ordinal);
        var used = Directory.GetFiles(Folder, "*.yaml")
            .SelectMany(f => ComponentName().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(emitters);
        Assert.Empty(emitters.Except(used));
    }

    [Theory]
    [MemberData(nameof(Pipelines))]
    public async Task Each_step_emits_the_code_of_its_golden_file(string pipeline)
    {
        using var workspace = LoomProcess.CopyExample("penguins");
        File.Copy(Path.Combine(Folder, pipeline + ".yaml"), workspace.Combine($"pipelines/{pipeline}.yaml"));
        foreach (var data in Directory.GetFiles(Path.Combine(Folder, "data")))
        {
            File.Copy(data, workspace.Combine($"data/{Path.GetFileName(data)}"));
        }

        // The golden data's database, which a data.read-sql step reads through this variable.
        Environment.SetEnvironmentVariable("GOLDEN_SHOP_DB", $"Data Source={workspace.Combine("data/shop.db")}");
        var (runExit, _, runErr) = await LoomProcess.RunAsync(workspace.Path, "run", $"pipelines/{pipeline}.yaml", "--json");
        Assert.True(runExit == 0, runErr);
        var (exit, _, stderr) = await LoomProcess.RunAsync(workspace.Path, "codegen", $"pipelines/{pipeline}.yaml", "--out", "generated");
        Assert.True(exit == 0, stderr);

        var training = Directory.GetFiles(workspace.Combine("generated/src"), "*Training.cs", SearchOption.AllDirectories).Single(f => f.Contains(".Model", StringComparison.Ordinal));
        var methods = StepMethod().Matches(await File.ReadAllTextAsync(training)).ToDictionary(m => m.Groups[1].Value, m => m.Value, StringComparer.Ordinal);
        Assert.NotEmpty(methods);
        var update = Environment.GetEnvironmentVariable("LOOM_UPDATE_GOLDEN") == "1";
        foreach (var (step, code) in methods)
        {
            var golden = Path.Combine(Folder, $"{pipeline}.{step}.cs.txt");
            if (update)
            {
                await File.WriteAllTextAsync(golden, code);
            }

            Assert.True(File.Exists(golden), $"no golden file for step '{step}': run the tests with LOOM_UPDATE_GOLDEN=1 and review {golden}");
            Assert.Equal(await File.ReadAllTextAsync(golden), code);
        }
    }

    // Trainers and feature steps share an emitter that asks each component for its learner or estimator code;
    // those that do not override that hook are refused at generation time and need no golden file.
    private static bool EmitsCode(Type component)
    {
        if (!typeof(ICodeEmitter).IsAssignableFrom(component))
        {
            return false;
        }

        const System.Reflection.BindingFlags flags = System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic;
        var hook = component.GetMethod("LearnerCode", flags) ?? component.GetMethod("EstimatorCode", flags);
        return hook is null || hook.DeclaringType != hook.GetBaseDefinition().DeclaringType;
    }

    [GeneratedRegex(@"component:\s*([a-z0-9.\-]+)@")]
    private static partial Regex ComponentName();

    // One step's method: its doc comment (which names the step) through the closing brace at class indentation.
    [GeneratedRegex(@"    /// <summary>Step '([^']+)'.*?\n    }\n", RegexOptions.Singleline)]
    private static partial Regex StepMethod();
}
