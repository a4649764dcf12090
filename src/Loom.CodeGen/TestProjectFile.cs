namespace Loom.CodeGen;

/// <summary>The project file of a generated xunit test project.</summary>
internal static class TestProjectFile
{
    /// <summary>
    /// A test project referencing <paramref name="reference"/>; <paramref name="items"/> are further item groups,
    /// indented as in the file and ending with a new line (or empty).
    /// </summary>
    public static string Text(string reference, string items) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <IsPackable>false</IsPackable>
            <NoWarn>$(NoWarn);CS1591</NoWarn>
          </PropertyGroup>
          <ItemGroup>
            <ProjectReference Include="{reference}" />
            <PackageReference Include="Microsoft.NET.Test.Sdk" />
            <PackageReference Include="xunit" />
            <PackageReference Include="xunit.runner.visualstudio" />
            <Using Include="Xunit" />
          </ItemGroup>
        {items}</Project>

        """;
}
