namespace SlaKpiDsl.Reports.Templating;

/// <summary>A problem in a template or its markup output. Line and column are 1-based; rendered MSBuild-style.</summary>
public sealed record TemplateError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}({Line},{Column}): error: {Message}";
}
