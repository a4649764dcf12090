namespace Loom; internal static class Placeholder { }
