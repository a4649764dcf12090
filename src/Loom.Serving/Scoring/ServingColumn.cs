using Microsoft.ML.Data;

namespace Loom.Serving.Scoring;

/// <summary>A column of a model's input schema as a request gives it.</summary>
/// <param name="Name">The column's name: the request's field.</param>
/// <param name="Index">Its place in the input schema.</param>
/// <param name="Kind">number, boolean or text, as the model card says; null for a column the model does not read (its value is a default).</param>
/// <param name="Type">The column's ML.NET type.</param>
internal sealed record ServingColumn(string Name, int Index, string? Kind, DataViewType Type)
{
    /// <summary>The value a column takes when a request does not give it: missing for numbers and text.</summary>
    public object Default => Type switch
    {
        _ when Type == NumberDataViewType.Single => float.NaN,
        _ when Type == NumberDataViewType.Double => double.NaN,
        _ when Type == NumberDataViewType.Int32 => 0,
        _ when Type == NumberDataViewType.Int64 => 0L,
        _ when Type == BooleanDataViewType.Instance => false,
        _ => ReadOnlyMemory<char>.Empty,
    };

    /// <summary>Whether a value of this column can be read from JSON: numbers, true/false and text.</summary>
    public static bool Supported(DataViewType type) =>
        type == NumberDataViewType.Single || type == NumberDataViewType.Double || type == NumberDataViewType.Int32
        || type == NumberDataViewType.Int64 || type == BooleanDataViewType.Instance || type is TextDataViewType;
}
