using Microsoft.ML;

namespace Loom.Components.Labels;

/// <summary>Maps the prepared multiclass label to a key with a fixed class order, the same for training and evaluation.</summary>
internal static class MulticlassLabel
{
    public const string KeyColumn = "__loom_label_key";

    public static IDataView AddKey(MLContext ml, IDataView data, IReadOnlyList<string> classes)
    {
        var keys = ml.Data.LoadFromEnumerable(classes.Select(c => new ClassRow { Value = c }));
        return ml.Transforms.Conversion.MapValueToKey(KeyColumn, LabelPreparation.Column, keyData: keys).Fit(data).Transform(data);
    }

    private sealed class ClassRow
    {
        public string Value { get; set; } = "";
    }
}
