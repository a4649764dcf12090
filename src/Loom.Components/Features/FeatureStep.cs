using System.Reflection;
using Loom.Components.Models;
using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loom.Components.Features;

/// <summary>
/// What every features step does: read the table (streaming), pass it through the upstream transform
/// when one is bound, fit this step's estimator on the result, and output the chain of both as a new
/// transform. A trainer given the transform uses its <c>Features</c> vector when it makes one, and
/// otherwise featurizes its output columns automatically.
/// </summary>
[Input("table", ArtifactKind.Table, Description = "Rows to fit on (the training rows).")]
[Input("transform", ArtifactKind.Model, Optional = true, Description = "An earlier features step's transform; this step works on its output and extends it.")]
[Output("transform", ArtifactKind.Model, Description = "The fitted transform: the earlier steps' chain, then this step.")]
internal abstract partial class FeatureStep : IComponent
{
    /// <summary>The column roles of the table fitted on (table.roles upstream).</summary>
    protected ColumnRoles Roles { get; private set; } = ColumnRoles.None;

    /// <summary>Raw columns that are not features by their role (label, weight, group, ids, or outside the named features).</summary>
    protected IReadOnlyList<string> RoleExcluded { get; private set; } = [];

    public async Task ExecuteAsync(IComponentContext context)
    {
        var ml = new MLContext(context.Seed);
        var raw = await TableIO.ViewAsync(context, "table").ConfigureAwait(false);
        if (raw.GetRowCount() == 0)
        {
            throw new DataException($"step '{context.StepName}': the table has no rows; a features step learns its transform from rows (check the filter or split upstream)");
        }

        Roles = await TableIO.RolesAsync(context, "table").ConfigureAwait(false);
        RoleExcluded = Roles.NotFeatures(raw.Schema.Where(c => !c.IsHidden).Select(c => c.Name)).ToList();
        var upstream = context.HasInput("transform") ? ModelFiles.Load(ml, context.GetInput("transform").Path) : null;
        if (upstream is not null && upstream.Card.Task != "transform")
        {
            throw new DataException($"step '{context.StepName}': the bound transform is a {upstream.Card.Task} model ({upstream.Card.Producer}); bind a features step's transform");
        }

        var data = upstream is null ? raw : upstream.Model.Transform(ModelInputs.Check(raw, upstream.Card.Inputs, context.StepName));
        var (estimator, reads) = Plan(ml, data, context);
        var fitted = estimator.Fit(data);
        ITransformer chain = upstream is null ? fitted : new TransformerChain<ITransformer>(upstream.Model, fitted);
        var inputs = MergeInputs(upstream?.Card.Inputs ?? [], reads, raw.Schema);
        var info = GetType().GetCustomAttribute<ComponentAttribute>()!;
        var card = new ModelCard
        {
            Task = "transform",
            Inputs = inputs,
            Producer = upstream is null ? $"{info.Name}@{info.Version}" : $"{upstream.Card.Producer} + {info.Name}@{info.Version}",
            Parameters = ParameterReflection.Read(this).ToDictionary(p => p.Key, p => ParameterText(p.Value)),
        };
        context.Logger.LogInformation("transform reads {Inputs}", string.Join(", ", inputs.Select(i => $"{i.Name} ({i.Type})")));
        await new ModelPackage(chain, raw.Schema, card).WriteAsync(ml, context, "transform").ConfigureAwait(false);
    }

    /// <summary>This step's estimator over the (upstream-transformed) data, and the columns it reads.</summary>
    protected abstract (IEstimator<ITransformer> Estimator, IReadOnlyList<string> Reads) Plan(MLContext ml, IDataView data, IComponentContext context);

    /// <summary>Checks that each named number or text column has a value in at least one row (streams until it finds one).</summary>
    protected static void RequireValues(IDataView data, IEnumerable<string> columns, string step, string parameter)
    {
        foreach (var name in columns)
        {
            var column = data.Schema[name];
            var any = ShapeOf(column.Type) switch
            {
                ColumnShape.Text => data.GetColumn<ReadOnlyMemory<char>>(column).Any(text => !text.Span.IsWhiteSpace()),
                ColumnShape.Number when column.Type.RawType == typeof(float) => data.GetColumn<float>(column).Any(v => !float.IsNaN(v)),
                ColumnShape.Number => data.GetColumn<double>(column).Any(v => !double.IsNaN(v)),
                _ => true,
            };
            if (!any)
            {
                throw new DataException($"step '{step}', '{parameter}': column '{name}' has no value in any row, so there is nothing to learn from it; leave it out");
            }
        }
    }

    /// <summary>Checks that each named column exists with one of the allowed shapes; names the step and column when not.</summary>
    protected static void Require(IDataView data, IEnumerable<string> columns, string step, string parameter, params ColumnShape[] shapes)
    {
        foreach (var name in columns)
        {
            var column = data.Schema.GetColumnOrNull(name)
                ?? throw new DataException($"step '{step}', '{parameter}': column '{name}' is not in the table; its columns are {string.Join(", ", data.Schema.Where(c => !c.IsHidden).Select(c => c.Name))}");
            var shape = ShapeOf(column.Type);
            if (!shapes.Contains(shape))
            {
                throw new DataException($"step '{step}', '{parameter}': column '{name}' is {shape.ToString().ToLowerInvariant()}, but this step needs {string.Join(" or ", shapes.Select(s => s.ToString().ToLowerInvariant()))} columns");
            }
        }
    }

    /// <summary>The visible columns of a shape, for steps whose column list defaults to "all of that kind".</summary>
    protected IReadOnlyList<string> ColumnsOf(IDataView data, ColumnShape shape, IEnumerable<string> except) =>
        data.Schema.Where(c => !c.IsHidden && ShapeOf(c.Type) == shape && !except.Contains(c.Name) && !RoleExcluded.Contains(c.Name) && !c.Name.StartsWith("__loom_", StringComparison.Ordinal)).Select(c => c.Name).ToList();

    internal static ColumnShape ShapeOf(DataViewType type) => type switch
    {
        NumberDataViewType n when n.RawType == typeof(double) || n.RawType == typeof(float) => ColumnShape.Number,
        BooleanDataViewType => ColumnShape.Boolean,
        TextDataViewType => ColumnShape.Text,
        VectorDataViewType { ItemType: NumberDataViewType item, IsKnownSize: true } when item.RawType == typeof(float) => ColumnShape.Vector,
        _ => ColumnShape.Other,
    };

    private static List<ModelColumn> MergeInputs(IReadOnlyList<ModelColumn> upstream, IReadOnlyList<string> reads, DataViewSchema raw)
    {
        var inputs = upstream.ToList();
        foreach (var name in reads.Where(n => inputs.All(i => i.Name != n)))
        {
            if (raw.GetColumnOrNull(name) is { } column && ShapeOf(column.Type) is var shape && shape is ColumnShape.Number or ColumnShape.Boolean or ColumnShape.Text)
            {
                inputs.Add(new ModelColumn(name, shape.ToString().ToLowerInvariant()));
            }
        }

        return inputs;
    }

    private static string ParameterText(object? value) => value switch
    {
        string[] list => string.Join(",", list),
        null => "",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
