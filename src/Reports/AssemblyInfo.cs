namespace SlaKpiDsl.Reports;
internal static class AssemblyMarker { }
