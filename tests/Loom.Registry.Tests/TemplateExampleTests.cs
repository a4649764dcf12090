using Loom.Testing;

namespace Loom.Registry.Tests;

/// <summary>The trainer example is exactly what its template writes, so the example users read and the scaffold they start from never drift apart.</summary>
public sealed class TemplateExampleTests
{
    [Fact]
    public void The_sgd_binary_example_is_what_the_csharp_trainer_template_writes()
    {
        // The scaffold copies the package into packages/, which is not compared; only its file name (the version) matters here,
        // so the test does not depend on the Loom.Sdk package having been packed before it runs.
        using var packages = new TempFolder();
        var sdk = packages.Combine($"Loom.Sdk.{typeof(Loom.Sdk.Models.ModelPackage).Assembly.GetName().Version!.ToString(3)}.nupkg");
        File.WriteAllText(sdk, "stand-in");
        using var folder = new TempFolder();
        var written = ComponentScaffold.Write("examples.sgd-binary", "csharp-trainer", folder.Path, sdk);

        var example = Repository.Path("examples", "components", "sgd-binary");
        var compared = written.Where(f => f.StartsWith("src/", StringComparison.Ordinal) || f.StartsWith("tests/", StringComparison.Ordinal) || f.StartsWith("sample/", StringComparison.Ordinal)).ToList();
        Assert.Contains("src/Examples.SgdBinary/SgdBinary.cs", compared);
        Assert.All(compared, file => Assert.True(
            File.ReadAllText(Path.Combine(example, file)) == File.ReadAllText(folder.Combine(file)),
            $"examples/components/sgd-binary/{file} differs from what 'loom component new examples.sgd-binary --template csharp-trainer' writes; change the template and write the example again"));
    }
}
