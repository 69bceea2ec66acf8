namespace SlaKpiDsl.Runtime;
internal static class AssemblyMarker { }
