using System.Text.Json;
using SlaKpiDsl.Reports.Model;

namespace SlaKpiDsl.Reports.Json;

/// <summary>
/// The portfolio as JSON (schema <c>slakpidsl.portfolio/1</c>, <c>"internal": true</c>): snake_case members in
/// declaration order, two-space indent, LF newlines, decimals with their own scale, instants ISO 8601 UTC: the
/// statement's options (<see cref="StatementJson"/>).
/// </summary>
public static class PortfolioJson
{
    public static byte[] Serialize(PortfolioDocument document) => JsonSerializer.SerializeToUtf8Bytes(document, StatementJson.Options);
}
