using System.Collections;
using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Syntax;

/// <summary>
/// Renders a syntax tree as indented text, one property per line, optionally without spans. Used by golden tests and
/// by structural comparison (two trees are structurally equal when their span-free dumps are equal).
/// </summary>
public static class SyntaxDump
{
    public static string Write(SyntaxNode node, bool includeSpans)
    {
        var sb = new StringBuilder();
        WriteNode(sb, node, 0, includeSpans);
        return sb.ToString();
    }

    private static void WriteNode(StringBuilder sb, SyntaxNode node, int depth, bool includeSpans)
    {
        var type = node.GetType();
        sb.Append(type.Name);
        if (includeSpans) sb.Append(' ').Append(node.Span);
        sb.Append('\n');
        foreach (var property in Properties(type))
        {
            if (property.Name == nameof(SyntaxNode.Span)) continue;
            var value = property.GetValue(node);
            if (value is null) continue;
            sb.Append(' ', (depth + 1) * 2).Append(property.Name).Append(": ");
            WriteValue(sb, value, depth + 1, includeSpans);
        }
    }

    private static void WriteValue(StringBuilder sb, object value, int depth, bool includeSpans)
    {
        switch (value)
        {
            case SyntaxNode child:
                WriteNode(sb, child, depth, includeSpans);
                break;
            case string s:
                sb.Append('"').Append(s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n")).Append("\"\n");
                break;
            case DateOnly d:
                sb.Append(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
                break;
            case DateTimeOffset i:
                sb.Append(i.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)).Append('\n');
                break;
            case IFormattable f:
                sb.Append(f.ToString(null, CultureInfo.InvariantCulture)).Append('\n');
                break;
            case IEnumerable items:
                var list = items.Cast<object>().ToList();
                sb.Append('[').Append(list.Count).Append("]\n");
                foreach (var item in list)
                {
                    sb.Append(' ', (depth + 1) * 2).Append("- ");
                    WriteValue(sb, item, depth + 1, includeSpans);
                }
                break;
            default:
                sb.Append(value).Append('\n');
                break;
        }
    }

    private static readonly Dictionary<Type, PropertyInfo[]> Cache = [];

    /// <summary>Stored properties only: those a positional record declares plus <see cref="ClauseSyntax.Reference"/>
    /// (computed convenience views such as <c>Contracts</c> are skipped: they have no setter).</summary>
    private static PropertyInfo[] Properties(Type type)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(type, out var cached)) return cached;
            var props = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.SetMethod is not null && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
                .OrderBy(p => p.Name == nameof(ClauseSyntax.Reference) ? 1 : 0)
                .ThenBy(p => p.MetadataToken)
                .ToArray();
            Cache[type] = props;
            return props;
        }
    }
}
