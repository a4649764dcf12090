namespace Loom.Sdk;

/// <summary>Input data does not fit what a step needs: a missing column, an empty table, a label with one class.</summary>
public sealed class DataException : LoomException
{
    /// <summary>Creates a data error; the message names the column, row or file at fault.</summary>
    public DataException(string message)
        : base(message)
    {
    }
}
