namespace SlaKpiDsl.Dsl;
internal static class AssemblyMarker { }
