using Loom.Sdk;

namespace Loom.Components.Tables;

/// <summary>
/// What the values of one CSV column seen so far allow it to be: boolean while every value is true or false
/// (and none is missing), number while every value is a finite number or missing, text otherwise.
/// </summary>
internal sealed class CsvColumnInference(string name, bool overridden, string path)
{
    private bool sawValue;
    private bool number = true;
    private bool boolean = true;

    /// <summary>Whether no later value can change the answer, so the column need not be looked at again.</summary>
    public bool Settled => overridden || (!number && !boolean);

    /// <summary>The column's type given the values seen; a column with no values is text.</summary>
    public ColumnKind Kind => !sawValue ? ColumnKind.Text : boolean ? ColumnKind.Boolean : number ? ColumnKind.Number : ColumnKind.Text;

    /// <summary>Takes one value into account; an infinite number is refused while the column could still be numeric.</summary>
    public void See(ReadOnlySpan<char> value, bool missing, long dataRow)
    {
        if (Settled)
        {
            return;
        }

        if (missing)
        {
            boolean = false;
            return;
        }

        sawValue = true;
        if (number)
        {
            var parsed = CsvNumber.TryParse(value, out var parsedValue);
            if (parsed && double.IsInfinity(parsedValue))
            {
                throw new DataException($"{path}: column '{name}', data row {dataRow}: '{value}' is infinite; numbers must be finite (list it in missing_values to read it as missing)");
            }

            number = parsed;
        }

        boolean = boolean && bool.TryParse(value, out _);
    }
}
