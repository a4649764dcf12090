using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loom.Serving.Scoring;

/// <summary>
/// One row of a model's input schema whose values are set per request: what a model's row mapper reads. Each
/// <see cref="Set"/> moves <see cref="Position"/> on, so transforms that cache a value per row compute it again.
/// Not thread-safe: one per scoring session.
/// </summary>
internal sealed class InputRow : DataViewRow
{
    private readonly object[] values;
    private long position = -1;

    public InputRow(DataViewSchema schema, IReadOnlyList<object> defaults)
    {
        Schema = schema;
        values = [.. defaults];
    }

    public override DataViewSchema Schema { get; }

    public override long Position => position;

    public override long Batch => 0;

    /// <summary>Puts a request's values in (one per schema column, of the column's type) and moves to a new row.</summary>
    public void Set(IReadOnlyList<object> row)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = row[i];
        }

        position++;
    }

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        var index = column.Index;
        if (values[index] is not TValue)
        {
            throw new InvalidOperationException($"column '{column.Name}' holds {values[index].GetType().Name}, not {typeof(TValue).Name}");
        }

        return (ref TValue value) => value = (TValue)values[index];
    }

    public override bool IsColumnActive(DataViewSchema.Column column) => true;

    public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)position, 0);
}
