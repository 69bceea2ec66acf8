using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Parsing;

/// <summary>The public entry point of the front end: text in, syntax tree + every syntax error + comments out.
/// Never throws for user input; errors are returned in <see cref="ParseResult.Diagnostics"/>.</summary>
public static class ContractParser
{
    public static ParseResult Parse(SourceText source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new FileParser(source).Run();
    }

    public static ParseResult Parse(string path, string text) => Parse(new SourceText(path, text));
}
