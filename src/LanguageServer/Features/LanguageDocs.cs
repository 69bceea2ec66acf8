using System.Reflection;

namespace SlaKpiDsl.LanguageServer.Features;

/// <summary>
/// docs/language.md, embedded at build time, read for hover text: the grammar line of a clause (section 2) and the
/// sentence of section 3 that explains its keyword. Quoting the reference means hover never says something else.
/// </summary>
public static class LanguageDocs
{
    private static readonly Lazy<string[]> Lines = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("language.md")
            ?? throw new InvalidOperationException("docs/language.md is not embedded in the language server");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
    });

    /// <summary>The EBNF lines of section 2 that start a production or alternative with the keyword (<c>"fee" MONEY ...</c>).</summary>
    public static IReadOnlyList<string> Grammar(string keyword)
    {
        var quoted = $"\"{keyword}\"";
        var result = new List<string>();
        var inGrammar = false;
        foreach (var line in Lines.Value)
        {
            if (line.StartsWith("```ebnf", StringComparison.Ordinal)) { inGrammar = true; continue; }
            if (inGrammar && line.StartsWith("```", StringComparison.Ordinal)) break;
            if (!inGrammar) continue;
            var body = line.Contains('=') && !line.TrimStart().StartsWith('|') ? line[(line.IndexOf('=') + 1)..] : line.TrimStart().TrimStart('|');
            body = body.Trim().TrimStart('[', '(', ' ').Trim();
            if (body.StartsWith(quoted, StringComparison.Ordinal)) result.Add(line.Trim());
        }
        return result;
    }

    // Where section 3 explains a clause whose keyword no sentence names in backquotes (a table, not code).
    private static readonly Dictionary<string, string> Sections = new(StringComparer.Ordinal)
    {
        ["guarantee"] = "Availability from incidents, weights, minimum periods",
        ["downtime"] = "Availability from incidents, weights, minimum periods",
        ["target"] = "KPIs",
        ["supports"] = "KPIs",
        ["kpi"] = "KPIs",
        ["credit"] = "Credits",
        ["credits"] = "Credits",
        ["claim"] = "Claims and warnings",
        ["claims"] = "Claims and warnings",
        ["warn"] = "Claims and warnings",
        ["exclude"] = "Exclusions and their accounting",
        ["excluded"] = "Exclusions and their accounting",
        ["holidays"] = "Holiday calendars and business hours",
        ["holiday"] = "Holiday calendars and business hours",
        ["response"] = "Holiday calendars and business hours",
        ["resolution"] = "Holiday calendars and business hours",
        ["suppress"] = "Suppressing a lint rule",
        ["clause"] = "Paragraph citations",
        ["round"] = "Rounding before comparison",
        ["measured"] = "Denominators",
        ["contract"] = "Contract header",
        ["test"] = "Scenario tests",
        ["period"] = "Scenario tests",
        ["expect"] = "Scenario tests",
    };

    /// <summary>The sentence of section 3 that names the keyword in backquotes, else the first paragraph of the section the keyword belongs to.</summary>
    public static (string Heading, string Text)? Explanation(string keyword) =>
        Named(keyword) ?? (Sections.TryGetValue(keyword, out var heading) ? FirstParagraph(heading) : null);

    private static (string Heading, string Text)? FirstParagraph(string heading)
    {
        var inSection = false;
        var inCode = false;
        var paragraph = new List<string>();
        foreach (var line in Lines.Value)
        {
            if (line.StartsWith("#", StringComparison.Ordinal))
            {
                if (inSection && paragraph.Count > 0) break;
                inSection = line == "### " + heading;
                continue;
            }
            if (!inSection) continue;
            if (line.StartsWith("```", StringComparison.Ordinal)) { inCode = !inCode; continue; }
            if (inCode) continue;
            if (line.Trim().Length == 0 || (line.StartsWith("* ", StringComparison.Ordinal) && paragraph.Count > 0))
            {
                if (paragraph.Count > 0) break;
                continue;
            }
            paragraph.Add(line.Trim());
        }
        return paragraph.Count == 0 ? null : (heading, string.Join(' ', paragraph).TrimStart('*', ' '));
    }

    private static (string Heading, string Text)? Named(string keyword)
    {
        var lines = Lines.Value;
        var heading = "";
        var inSection3 = false;
        var inCode = false;
        var paragraph = new List<string>();
        (string, string)? Flush()
        {
            var text = string.Join(' ', paragraph.Select(l => l.Trim()));
            paragraph.Clear();
            return text.Contains($"`{keyword}", StringComparison.Ordinal) ? (heading, text.TrimStart('*', ' ')) : null;
        }
        foreach (var line in lines)
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (inSection3 && Flush() is { } found) return found;
                inSection3 = line.StartsWith("## 3.", StringComparison.Ordinal);
                continue;
            }
            if (!inSection3) continue;
            if (line.StartsWith("```", StringComparison.Ordinal)) { inCode = !inCode; continue; }
            if (inCode) continue;
            if (line.StartsWith("### ", StringComparison.Ordinal) || line.Trim().Length == 0 || line.StartsWith("* ", StringComparison.Ordinal))
            {
                if (Flush() is { } found) return found;
                if (line.StartsWith("### ", StringComparison.Ordinal)) { heading = line[4..].Trim(); continue; }
            }
            if (line.Trim().Length > 0) paragraph.Add(line);
        }
        return null;
    }
}
