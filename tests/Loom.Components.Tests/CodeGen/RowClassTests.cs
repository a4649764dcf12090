using Loom.Components.CodeGen;

namespace Loom.Components.Tests.CodeGen;

/// <summary>How generated code names the classes of its tables: one per shape, never clashing with a property.</summary>
public sealed class RowClassTests
{
    [Fact]
    public void Tables_with_the_same_columns_share_a_class_and_other_columns_get_one_named_after_the_step()
    {
        var code = new CodeModel("Shop") { WorkspaceRoot = "." };
        var read = code.RowsOf(Shape(("size", "number"), ("price", "number")), "load", readFromFile: true);
        var split = code.RowsOf(Shape(("size", "number"), ("price", "number")), "split");
        var cast = code.RowsOf(Shape(("size", "text"), ("price", "number")), "as_text");

        Assert.Equal("ShopRow", read.Name);
        Assert.Same(read, split);
        Assert.True(read.ReadFromFile);
        Assert.Equal("ShopFields", read.FieldsName);
        Assert.Equal("ShopAsTextRow", cast.Name);
        Assert.False(cast.ReadFromFile);
    }

    [Theory]
    [InlineData("shop_row")]
    [InlineData("shop_fields")]
    public void Neither_a_class_nor_its_fields_class_is_named_like_one_of_its_properties(string column)
    {
        var code = new CodeModel("Shop") { WorkspaceRoot = "." };
        var rows = code.RowsOf(Shape((column, "number"), ("price", "number")), "load", readFromFile: true);

        Assert.NotEqual("ShopRow", rows.Name);
        Assert.DoesNotContain(rows.Shape.Columns, c => c.Property == rows.Name || c.Property == rows.FieldsName);
    }

    private static TableShape Shape(params (string Name, string Kind)[] columns)
    {
        var properties = CSharpNames.DistinctPascal(columns.Select(c => c.Name), []);
        return new TableShape(columns.Select((c, i) => new TableColumn(c.Name, c.Kind, i, properties[i])).ToList());
    }
}
