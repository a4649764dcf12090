using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.ML;

namespace Loom.Components.Tables;

/// <summary>Reads and writes table artifacts (ML.NET binary data views).</summary>
internal static class TableIO
{
    public static IDataView Load(MLContext ml, IComponentContext context, string port) =>
        ml.Data.LoadFromBinary(context.GetInput(port).Path);

    /// <summary>Loads a table into memory for row-level operations.</summary>
    public static DataFrame LoadFrame(MLContext ml, IComponentContext context, string port) =>
        Load(ml, context, port).ToDataFrame(-1);

    public static Task WriteAsync(MLContext ml, IComponentContext context, string port, IDataView table) =>
        context.WriteOutputAsync(port, (stream, _) =>
        {
            ml.Data.SaveAsBinary(table, stream, keepHidden: false);
            return Task.CompletedTask;
        });

    /// <summary>Fails with a clear message when <paramref name="column"/> is not in the table.</summary>
    public static void RequireColumn(DataViewSchema schema, string column, string step, string role)
    {
        if (schema.GetColumnOrNull(column) is null)
        {
            var known = string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name));
            throw new DataException($"step '{step}': {role} column '{column}' is not in the table; its columns are {known}");
        }
    }
}
