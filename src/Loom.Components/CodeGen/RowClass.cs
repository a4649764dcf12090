namespace Loom.Components.CodeGen;

/// <summary>
/// A class of rows in the generated code: one per table shape the pipeline passes between steps.
/// Steps that keep the columns (split, filter, sort) keep the class; steps that change them
/// (select, derive, cast) make a new one.
/// </summary>
public sealed class RowClass(string name, TableShape shape)
{
    /// <summary>The C# class name.</summary>
    public string Name { get; } = name;

    /// <summary>Its columns.</summary>
    public TableShape Shape { get; } = shape;

    /// <summary>Whether a step reads it from a delimited file (which then has a class of its fields, <see cref="FieldsName"/>).</summary>
    public bool ReadFromFile { get; internal set; }

    /// <summary>The class of a line of the file these rows are read from: every field as text, by position.</summary>
    public string FieldsName => Name.EndsWith("Row", StringComparison.Ordinal) ? Name[..^3] + "Fields" : Name + "Fields";

    /// <summary>A table of these rows in the generated code.</summary>
    public string ListType => $"IReadOnlyList<{Name}>";

    /// <summary>Whether a table shape has exactly these columns, in this order, of these kinds.</summary>
    public bool Fits(TableShape shape) =>
        Shape.Columns.Select(c => (c.Name, c.Kind)).SequenceEqual(shape.Columns.Select(c => (c.Name, c.Kind)));
}
