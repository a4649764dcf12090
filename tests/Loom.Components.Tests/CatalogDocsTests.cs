using Loom.Pipelines.Catalog;
using Loom.Testing;

namespace Loom.Components.Tests;

/// <summary>The component catalog in the docs is the one the manifests give.</summary>
public sealed class CatalogDocsTests
{
    [Fact]
    public void Docs_component_catalog_is_generated_from_the_current_manifests()
    {
        var catalog = new ComponentCatalog().RegisterAssembly(BuiltInComponents.Assembly);
        var expected = CatalogMarkdown.Render(catalog.All.Select(r => r.Manifest));
        var path = Repository.Path("docs", "components.md");
        var actual = File.Exists(path) ? File.ReadAllText(path) : "";
        Assert.True(expected == actual, "docs/components.md is stale; regenerate it with: loom components docs > docs/components.md");
    }

    [Fact]
    public void Every_built_in_component_has_a_section_with_its_parameters()
    {
        var catalog = new ComponentCatalog().RegisterAssembly(BuiltInComponents.Assembly);
        var text = CatalogMarkdown.Render(catalog.All.Select(r => r.Manifest));
        foreach (var manifest in catalog.All.Select(r => r.Manifest))
        {
            Assert.Contains($"\n### {manifest.Name}\n", text);
            Assert.All(manifest.Parameters, p => Assert.Contains($"| `{p.Name}` |", text));
        }

        Assert.Contains("| `learning_rate` | number | `0.03` | 0.0001 to 1; searched 0.005 to 0.3 (log) |", text);
    }

    [Fact]
    public void Every_component_has_an_example_step_that_validates()
    {
        var catalog = new ComponentCatalog().RegisterAssembly(BuiltInComponents.Assembly);
        foreach (var manifest in catalog.All.Select(r => r.Manifest))
        {
            Assert.False(string.IsNullOrWhiteSpace(manifest.Example), $"{manifest.Name} has no example");
            var yaml = $"apiVersion: loom/v1\nkind: Pipeline\nname: example\nsteps:\n  {manifest.Example}\n";
            var document = Loom.Pipelines.Documents.PipelineParser.Parse(yaml, manifest.Name + ".yaml");
            Assert.Equal(manifest.Name, document.Steps.Single().Component);
            try
            {
                Loom.Pipelines.Planning.PipelinePlanner.Plan(document, catalog);
            }
            catch (Loom.Pipelines.Validation.PipelineValidationException e)
            {
                // The example's inputs come from steps outside it; every other error is a real one.
                var real = e.Errors.Where(error => !error.Message.Contains("refers to unknown step", StringComparison.Ordinal)).ToList();
                Assert.True(real.Count == 0, $"{manifest.Name}: {string.Join("; ", real.Select(r => r.Message))}");
            }
        }
    }
}
