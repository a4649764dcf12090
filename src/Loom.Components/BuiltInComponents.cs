using System.Reflection;

namespace Loom.Components;

/// <summary>Entry point to the built-in components, for registering them in a catalog.</summary>
public static class BuiltInComponents
{
    /// <summary>The assembly holding every built-in component.</summary>
    public static Assembly Assembly => typeof(BuiltInComponents).Assembly;
}
