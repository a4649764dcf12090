namespace Loom.Sdk;

/// <summary>The value type of a component parameter or pipeline parameter.</summary>
public enum ParameterType
{
    /// <summary>A text value.</summary>
    String,

    /// <summary>A whole number (64-bit).</summary>
    Integer,

    /// <summary>A floating-point number.</summary>
    Number,

    /// <summary>true or false.</summary>
    Boolean,

    /// <summary>A list of text values, such as column names.</summary>
    StringList,
}
