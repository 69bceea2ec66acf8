namespace SlaKpiDsl.Compiler;
internal static class AssemblyMarker { }
