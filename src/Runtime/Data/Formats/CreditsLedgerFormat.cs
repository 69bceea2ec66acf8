using System.Globalization;
using NodaTime;
using NodaTime.Text;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Runtime.Data.Formats;

/// <summary>
/// credits.csv / credits.jsonl beside the data (docs/data.md): credits already granted outside the data, one line per
/// credit, which count against an SLA's caps over several windows (<c>per contract year</c>, <c>in any 12 consecutive
/// months</c>). Not a kind of evidence: <see cref="DataDirectory.Load"/> does not read it; the pipeline does.
/// </summary>
public sealed class CreditsLedgerFormat : RecordFormat<LedgerCredit>
{
    public static CreditsLedgerFormat Instance { get; } = new();

    private const int Reference = 0, Contract = 1, Sla = 2, Window = 3, Amount = 4, Currency = 5;

    private CreditsLedgerFormat() : base(DataKind.CreditsLedger, "credits",
    [
        Required("reference", FieldKind.Text, "Unique reference of the credit (a credit note, a ticket)."),
        Required("contract", FieldKind.Text, "The contract's name as written after `contract`."),
        Required("sla", FieldKind.Text, "The SLA's name in that contract."),
        Required("window", FieldKind.Text, "The month the credit was granted for, yyyy-MM (the window that starts in it, or a quarter or year containing it)."),
        Required("amount", FieldKind.Decimal, "The amount granted, non-negative, in the currency's minor units at most."),
        Required("currency", FieldKind.Text, "ISO 4217 code; must be the contract fee's currency to count."),
    ], "reference")
    {
    }

    internal override LedgerCredit? Build(FieldRow row, RowContext c)
    {
        var reference = c.RequiredText(row[Reference], "reference");
        var contract = c.RequiredText(row[Contract], "contract");
        var sla = c.RequiredText(row[Sla], "sla");
        var windowText = c.RequiredText(row[Window], "window");
        YearMonth month = default;
        if (windowText != "?")
        {
            var parsed = YearMonthPattern.Iso.Parse(windowText);
            if (parsed.Success) month = parsed.Value;
            else c.Error("window", DataErrorCodes.InvalidLedgerWindow, $"'{windowText}' is not a month written yyyy-MM (2026-03).");
        }
        decimal amount = 0;
        if (row[Amount].IsEmpty) c.Error("amount", DataErrorCodes.MissingValue, "'amount' is required.");
        else if (c.OptionalDecimal(row[Amount], "amount") is { } a) amount = a;
        var currency = c.RequiredText(row[Currency], "currency");
        if (currency != "?")
        {
            if (!CurrencyMinorUnits.TryGet(currency, out var minor))
                c.Error("currency", DataErrorCodes.InvalidLedgerAmount, $"'{currency}' is not an ISO 4217 currency code this tool knows (USD, EUR, GBP, JPY, ...).");
            else if (decimal.Round(amount, minor) != amount)
                c.Error("amount", DataErrorCodes.InvalidLedgerAmount, $"{amount.ToString(CultureInfo.InvariantCulture)} has more decimals than {currency} has minor units ({minor}): a granted credit is a payable amount.");
        }
        if (c.RowHasErrors) return null;
        return new LedgerCredit(reference, contract, sla, month, amount, currency);
    }

    internal override (string Field, string Id, Instant At) Key(LedgerCredit record) => ("reference", record.Reference, default);

    /// <summary>Every ledger line is read whatever the period: a cap looks back over earlier windows.</summary>
    public override bool Overlaps(LedgerCredit record, Interval range) => true;

    public override string?[] ToValues(LedgerCredit r) =>
        [r.Reference, r.Contract, r.Sla, YearMonthPattern.Iso.Format(r.Month), r.Amount.ToString(CultureInfo.InvariantCulture), r.Currency];
}
