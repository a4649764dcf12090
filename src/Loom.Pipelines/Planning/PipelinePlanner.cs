using Loom.Pipelines.Catalog;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Validation;

namespace Loom.Pipelines.Planning;

/// <summary>
/// Checks a whole pipeline document against the catalog before anything runs — components, ports,
/// types, parameters, cycles — and turns it into a <see cref="PipelinePlan"/>.
/// </summary>
public static class PipelinePlanner
{
    /// <summary>Validates and plans a document with the given parameter values (as text, from the command line or API).</summary>
    /// <param name="document">The parsed document.</param>
    /// <param name="catalog">Components that may be used.</param>
    /// <param name="parameterValues">Values for pipeline parameters; others take their defaults.</param>
    /// <param name="requireValues">When false, parameters with no value are tolerated (for validating a document on its own).</param>
    /// <exception cref="PipelineValidationException">Every problem found, each with file, line, step and port.</exception>
    public static PipelinePlan Plan(
        PipelineDocument document,
        ComponentCatalog catalog,
        IReadOnlyDictionary<string, string>? parameterValues = null,
        bool requireValues = true)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(catalog);
        var errors = new List<PipelineError>();
        var values = PipelineParameters.Resolve(document, parameterValues ?? new Dictionary<string, string>(), requireValues, errors);
        var steps = new List<PlannedStep>();
        var duplicates = document.Steps.GroupBy(s => s.Name).Where(g => g.Count() > 1);
        foreach (var duplicate in duplicates)
        {
            errors.Add(new PipelineError(duplicate.Last().Location, duplicate.Key, null, "duplicate step name; each step needs its own name"));
        }

        if (document.Steps.Count == 0)
        {
            errors.Add(new PipelineError(new SourceLocation(document.SourceFile, 1, 1), null, null, "the pipeline has no steps"));
        }

        foreach (var step in document.Steps)
        {
            if (StepChecker.Check(step, document, catalog, values, errors) is { } planned)
            {
                steps.Add(planned);
            }
        }

        StepChecker.CheckOutputs(document, catalog, errors);
        var ordered = errors.Count == 0 ? StepOrder.Sort(steps, document, errors) : steps;
        if (errors.Count > 0)
        {
            throw new PipelineValidationException(errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToList());
        }

        return new PipelinePlan(document, PipelineHasher.Hash(document), values, ordered);
    }
}
