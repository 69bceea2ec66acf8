using NodaTime;

namespace SlaKpiDsl.Runtime.Data.Formats;

/// <summary>
/// Leading comment lines of a data file: lines starting with '#'. One of them may declare the zone of local
/// timestamps: <c># zone: America/New_York</c>. Other comments are ignored.
/// </summary>
internal static class ZoneDirective
{
    /// <summary>Handles one leading comment line; returns the declared zone, or null (reporting a bad declaration).</summary>
    public static DateTimeZone? Parse(ReadOnlySpan<char> line, int lineNumber, RowContext context)
    {
        var body = line.TrimStart('#').Trim();
        if (!body.StartsWith("zone:", StringComparison.OrdinalIgnoreCase) && !body.StartsWith("zone ", StringComparison.OrdinalIgnoreCase))
            return null;
        var id = body[5..].Trim().ToString();
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(id);
        if (zone is null)
        {
            context.StartRow(lineNumber);
            context.Error("zone", DataErrorCodes.InvalidZoneDeclaration, $"'{id}' is not an IANA time zone id (e.g. America/New_York, UTC).");
        }
        return zone;
    }
}
