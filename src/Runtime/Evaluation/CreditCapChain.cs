using System.Collections.Immutable;
using NodaTime;
using SlaKpiDsl.Runtime.Data;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>
/// A credit cap over several windows (<c>per contract year</c>, <c>per year</c>, <c>per quarter</c> on a shorter window,
/// or rolling: <c>in any 12 consecutive months</c>), granted chronologically with the credits already granted outside the
/// data (the credits ledger, docs/data.md). Rule (docs/semantics.md, Credits): the windows of the chain are taken oldest
/// first; for window j, <c>used</c> = the ledger credits of j + the granted credits and ledger credits of every earlier
/// window that shares the cap with j; j is granted min(its credit, max(0, cap - used)). Ledger credits are never reduced
/// (they were granted already); an evaluated window's credit is reduced to what is left.
/// </summary>
public static class CreditCapChain
{
    /// <summary>Windows that share a fixed cap period (every window of a chain that is one period's windows).</summary>
    public static Func<CalendarWindow, CalendarWindow, bool> SamePeriod { get; } = static (_, _) => true;

    /// <summary>
    /// Windows that lie in one span of <paramref name="months"/> consecutive months: the later window's first month minus
    /// the earlier's is below <paramref name="months"/> (with 12: the window and the 11 months before it).
    /// </summary>
    public static Func<CalendarWindow, CalendarWindow, bool> WithinMonths(int months)
    {
        if (months < 1) throw new ArgumentOutOfRangeException(nameof(months), months, "A rolling cap spans at least one month.");
        return (earlier, later) => MonthIndex(later.FirstDate) - MonthIndex(earlier.FirstDate) < months;
    }

    /// <summary>
    /// Caps <paramref name="result"/>'s credit (window <paramref name="window"/>) given the chain's earlier windows (oldest
    /// first, each with its credit after its own window caps and minimum, before this cap) and the ledger lines of this SLA.
    /// When the cap changes the amount, the trace's cap line names what was already used and every ledger line counted.
    /// </summary>
    public static CommitmentResult Apply(CommitmentResult result, CalendarWindow window, IReadOnlyList<(CalendarWindow Window, decimal Credit)> earlier,
        Func<CalendarWindow, CalendarWindow, bool> sharesCap, decimal capAmount, string rule, string? clause, IReadOnlyList<LedgerCredit> ledger)
    {
        if (result.Credit is not { } credit) return result;
        var links = earlier.Append((Window: window, Credit: credit.ExactAmount)).ToList();
        var ledgerOf = links.Select(l => ledger.Where(e => Belongs(e, l.Window)).ToList()).ToList();
        var granted = new decimal[links.Count];
        decimal used = 0, fromLedger = 0;
        var refs = new List<string>();
        for (var j = 0; j < links.Count; j++)
        {
            used = ledgerOf[j].Sum(e => e.Amount);
            fromLedger = used;
            refs = [.. ledgerOf[j].Select(e => e.Reference)];
            for (var i = 0; i < j; i++)
            {
                if (!sharesCap(links[i].Window, links[j].Window)) continue;
                var l = ledgerOf[i].Sum(e => e.Amount);
                used += granted[i] + l;
                fromLedger += l;
                refs.AddRange(ledgerOf[i].Select(e => e.Reference));
            }
            granted[j] = Math.Min(links[j].Credit, Math.Max(capAmount - used, 0m));
        }
        var left = granted[^1];
        if (left >= credit.ExactAmount) return result;
        var rounded = MoneyRounding.Round(left, credit.Currency, credit.Trace.Rounding);
        var why = fromLedger == 0
            ? $"{rule} ({used} {credit.Currency} already credited earlier in the period)"
            : $"{rule} ({used} {credit.Currency} already credited in the period, of which {fromLedger} {credit.Currency} from the credits ledger: {string.Join(", ", refs)})";
        var trace = credit.Trace with
        {
            Caps = credit.Trace.Caps.Add(new CapTrace(why, credit.ExactAmount, left) { Clause = clause }),
            ExactAmount = left,
            Amount = rounded,
        };
        var capped = credit with { ExactAmount = left, Amount = rounded, Trace = trace, GrantedPercentOfFee = CreditDecision.PercentOf(left, credit.Trace.FeeForWindow) };
        return result with { Credit = capped, Trace = result.Trace with { Credit = trace } };
    }

    /// <summary>
    /// The ledger lines of one SLA of one contract in the fee's currency; a line in another currency cannot be added to
    /// the cap and is said in a warning on the result (never silently left out).
    /// </summary>
    public static (ImmutableArray<LedgerCredit> Lines, CommitmentResult Result) LinesFor(CommitmentResult result, ImmutableArray<LedgerCredit> ledger, string contract, string sla)
    {
        var lines = ImmutableArray.CreateBuilder<LedgerCredit>();
        foreach (var e in ledger)
        {
            if (e.Contract != contract || e.Sla != sla) continue;
            if (result.Credit is { } c && e.Currency != c.Currency)
            {
                result = MeasuredValueSteps.Note(result, new LedgerLineInOtherCurrency(e.Reference, e.Amount, e.Currency, c.Currency));
                continue;
            }
            lines.Add(e);
        }
        return (lines.ToImmutable(), result);
    }

    /// <summary>
    /// A ledger line belongs to the window its month names: the monthly window (calendar month, or the billing cycle)
    /// that starts in that month, or a longer window (quarter, year) that contains the month's first day.
    /// </summary>
    public static bool Belongs(LedgerCredit line, CalendarWindow window)
    {
        var first = new LocalDate(line.Month.Year, line.Month.Month, 1);
        return window.Kind switch
        {
            WindowKind.CalendarMonth or WindowKind.BillingCycle => window.FirstDate.Year == line.Month.Year && window.FirstDate.Month == line.Month.Month,
            _ => window.FirstDate <= first && first < window.EndDate,
        };
    }

    private static int MonthIndex(LocalDate date) => date.Year * 12 + date.Month - 1;
}
