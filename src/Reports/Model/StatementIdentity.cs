using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace SlaKpiDsl.Reports.Model;

/// <summary>
/// The statement identifier: <c>ST-</c> and 16 upper-case hex digits in four groups (<c>ST-1A2B-3C4D-5E6F-7A8B</c>),
/// the first 64 bits of a SHA-256 over the contract's name, the contract source hash, the input data hash, the period
/// (label, zone, local start and end) and the as-of instant. The name is in it because one source can hold many
/// contracts (a customers table of a template: every row has the table's source hash), and two customers' statements
/// must never share an identifier. The same contract, data, period and as-of always give the same identifier;
/// a change to any of them gives another. The evaluator hash is left out on purpose: a re-issue of the same statement
/// by a newer build keeps its identifier (its result hash tells the documents apart). It names a statement, it does
/// not secure it: the signature does. <c>sla verify</c> recomputes it from the signed result JSON (docs/reports.md).
/// </summary>
public static class StatementIdentity
{
    public const string Prefix = "ST-";

    public static string Compute(string contractName, StatementFooter footer, StatementPeriod period, Instant asOf) =>
        Compute(contractName, footer.ContractSourceSha256, footer.InputDataSha256, period.Label, period.TimeZone,
            LocalDateTimePattern.ExtendedIso.Format(period.StartLocal), LocalDateTimePattern.ExtendedIso.Format(period.EndLocal),
            InstantPattern.ExtendedIso.Format(asOf));

    /// <summary>From the texts as the statement JSON carries them (the verifier's path): ISO local date-times and instant.</summary>
    public static string Compute(string contractName, string contractSourceSha256, string inputDataSha256, string periodLabel, string timeZone,
        string periodStartLocal, string periodEndLocal, string asOf)
    {
        var text = string.Join("\n", "slakpidsl.statement-id/2", contractName, contractSourceSha256, inputDataSha256, periodLabel, timeZone,
            periodStartLocal, periodEndLocal, asOf);
        var hex = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}{hex[..4]}-{hex[4..8]}-{hex[8..12]}-{hex[12..16]}");
    }
}
