namespace Loom.Sdk;

/// <summary>
/// Marks a get-only property whose object holds further <see cref="ParameterAttribute"/> properties, such
/// as the hyperparameters one learning algorithm shares across the tasks it serves. Its parameters
/// appear in the component's manifest as if declared on the component; their defaults come from the
/// object the property returns on a new component.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class ParameterGroupAttribute : Attribute;
