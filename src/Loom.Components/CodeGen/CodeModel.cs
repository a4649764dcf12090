namespace Loom.Components.CodeGen;

/// <summary>
/// What the steps of one pipeline share in the generated code: the row, input and prediction classes,
/// the packages and helpers they need, the data files they read, and members several steps call.
/// </summary>
public sealed partial class CodeModel(string name)
{
    private readonly SortedDictionary<string, string> members = new(StringComparer.Ordinal);

    /// <summary>The solution's name, PascalCase (the pipeline's name).</summary>
    public string Name { get; } = name;

    /// <summary>The class of one data row: every column of the tables.</summary>
    public string RowClass => Name + "Row";

    /// <summary>The class of the model's input: the columns it reads.</summary>
    public string InputClass => Name + "Input";

    /// <summary>The class of one prediction.</summary>
    public string PredictionClass => Name + "Prediction";

    /// <summary>The type of a table in the generated code.</summary>
    public string RowsType => $"IReadOnlyList<{RowClass}>";

    /// <summary>The shape of every table the pipeline passes (one row class for all, for now).</summary>
    public TableShape? Rows { get; private set; }

    /// <summary>ML.NET packages beyond Microsoft.ML.</summary>
    public SortedSet<string> Packages { get; } = new(StringComparer.Ordinal);

    /// <summary>Namespaces the training code needs beyond the usual ones.</summary>
    public SortedSet<string> Usings { get; } = new(StringComparer.Ordinal);

    /// <summary>Helper files to add (their names, such as DataSplit).</summary>
    public SortedSet<string> Helpers { get; } = new(StringComparer.Ordinal);

    /// <summary>Data files the generated solution ships: source path to path inside the solution.</summary>
    public Dictionary<string, string> DataFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>Shared members of the training class, by name.</summary>
    public IReadOnlyDictionary<string, string> Members => members;

    /// <summary>Records the shape of the tables; a second, different shape is not generated yet.</summary>
    public void UseRows(TableShape shape, string step)
    {
        if (Rows is null)
        {
            Rows = shape;
            return;
        }

        if (!Rows.Columns.Select(c => (c.Name, c.Kind)).SequenceEqual(shape.Columns.Select(c => (c.Name, c.Kind))))
        {
            throw new CodeGenException($"step '{step}': its table has other columns than the first table read; generated code has one row class, so every table must have the same columns");
        }
    }

    /// <summary>The table shape, once a reading step has set it.</summary>
    public TableShape RequireRows(string step) =>
        Rows ?? throw new CodeGenException($"step '{step}': no table shape is known yet; a data step must come first");

    /// <summary>Adds a member several steps share; two steps asking for one name must mean the same code.</summary>
    public void Member(string name, string code, string step)
    {
        if (!members.TryAdd(name, code) && members[name] != code)
        {
            throw new CodeGenException($"step '{step}' needs another '{name}' than an earlier step (two models with different labels); generated code supports one");
        }
    }
}
