using System.Collections.Immutable;
using SlaKpiDsl.Compiler.Semantics.Model;
using SlaKpiDsl.Reports.Model;
using M = SlaKpiDsl.Compiler.Semantics.Model;

namespace SlaKpiDsl.Pipeline;

/// <summary>
/// Compares two versions of one contract's bound model (typed, never text): the contract's own terms, then each SLA and
/// KPI matched by name (added and removed ones whole), each term of an SLA matched by position (guarantees, tiers, caps,
/// clocks) or as a set (exclusions, services). Two equal terms compare by <see cref="ModelSerializer.StructurallyEqual"/>
/// (spans ignored), so moving a clause in the file is no change. The changes come in contract order: the contract's terms,
/// then the SLAs and KPIs in the new version's order with removed ones where they stood.
/// </summary>
public static class ContractComparison
{
    public static ImmutableArray<TermChange> Compare(BoundContract old, BoundContract @new)
    {
        var changes = ImmutableArray.CreateBuilder<TermChange>();
        void Contract(ContractTerm term, TermValue? a, TermValue? b)
        {
            if (!ModelSerializer.StructurallyEqual(a, b)) changes.Add(new TermChange(ChangeScope.Contract, null, term, null, a, b));
        }
        Contract(ContractTerm.Provider, Name(old.Provider), Name(@new.Provider));
        Contract(ContractTerm.Customer, Name(old.Customer), Name(@new.Customer));
        Contract(ContractTerm.EffectiveStart, Date(old.EffectiveStart), Date(@new.EffectiveStart));
        Contract(ContractTerm.EffectiveEnd, Date(old.EffectiveEnd), Date(@new.EffectiveEnd));
        Contract(ContractTerm.TimeZone, new TermValue.Name(old.Zone.Id + (old.ZoneStated ? "" : " (the default)")), new TermValue.Name(@new.Zone.Id + (@new.ZoneStated ? "" : " (the default)")));
        Contract(ContractTerm.Fee, Fee(old.Fee), Fee(@new.Fee));
        Contract(ContractTerm.Rounding, Rounding(old), Rounding(@new));
        foreach (var (a, b) in ByKey(old.Services, @new.Services, s => s.Id))
            Contract(ContractTerm.Service, a is null ? null : Service(a), b is null ? null : Service(b));
        Contract(ContractTerm.ClaimChannel, Channel(old.ClaimChannel), Channel(@new.ClaimChannel));

        foreach (var (a, b) in ByKey(old.Slas, @new.Slas, s => s.Name))
        {
            if (a is null || b is null)
            {
                var name = (a ?? b)!.Name;
                changes.Add(new TermChange(ChangeScope.Sla, name, ContractTerm.Sla, null, a is null ? null : new TermValue.Name(name), b is null ? null : new TermValue.Name(name)));
                continue;
            }
            changes.AddRange(CompareSla(a, b, old, @new));
        }
        foreach (var (a, b) in ByKey(old.Kpis, @new.Kpis, k => k.Name))
        {
            if (a is null || b is null)
            {
                var name = (a ?? b)!.Name;
                changes.Add(new TermChange(ChangeScope.Kpi, name, ContractTerm.Kpi, null, a is null ? null : new TermValue.Name(name), b is null ? null : new TermValue.Name(name)));
                continue;
            }
            changes.AddRange(CompareKpi(a, b));
        }
        return changes.ToImmutable();
    }

    private static IEnumerable<TermChange> CompareSla(BoundSla old, BoundSla @new, BoundContract oldContract, BoundContract newContract)
    {
        var changes = new List<TermChange>();
        void Add(ContractTerm term, int? ordinal, TermValue? a, TermValue? b)
        {
            if (!ModelSerializer.StructurallyEqual(a, b)) changes.Add(new TermChange(ChangeScope.Sla, @new.Name, term, ordinal, a, b));
        }
        Add(ContractTerm.Title, null, Name(old.Title), Name(@new.Title));
        Add(ContractTerm.Clause, null, Name(old.Clause), Name(@new.Clause));
        changes.AddRange(CompareObjectives(ChangeScope.Sla, @new.Name, old.Guarantees, @new.Guarantees));
        if (!ModelSerializer.StructurallyEqual(old.Downtime, @new.Downtime))
            changes.Add(new TermChange(ChangeScope.Sla, @new.Name, ContractTerm.Downtime, null, old.Downtime is null ? null : new TermValue.AsWritten(), @new.Downtime is null ? null : new TermValue.AsWritten()));
        // Exclusions are a set: one that only changed its cap is removed and added (both quoted in full).
        var oldExclusions = old.Exclusions.Select(Exclusion).ToList();
        var newExclusions = @new.Exclusions.Select(Exclusion).ToList();
        foreach (var gone in oldExclusions.Where(e => !newExclusions.Any(n => ModelSerializer.StructurallyEqual(n, e)))) Add(ContractTerm.Exclusion, null, gone, null);
        foreach (var added in newExclusions.Where(e => !oldExclusions.Any(o => ModelSerializer.StructurallyEqual(o, e)))) Add(ContractTerm.Exclusion, null, null, added);
        Add(ContractTerm.ExcludedTime, null, new TermValue.ExcludedTime(old.Accounting, old.AccountingStated), new TermValue.ExcludedTime(@new.Accounting, @new.AccountingStated));
        Add(ContractTerm.Denominator, null, new TermValue.Name(Denominator(old.Denominator)), new TermValue.Name(Denominator(@new.Denominator)));
        Add(ContractTerm.MeasuredValueRounding, null, Places(old.MeasuredValueRounding), Places(@new.MeasuredValueRounding));
        for (var i = 0; i < Math.Max(old.Clocks.Length, @new.Clocks.Length); i++)
        {
            var (a, b) = (i < old.Clocks.Length ? old.Clocks[i] : null, i < @new.Clocks.Length ? @new.Clocks[i] : null);
            if (!ModelSerializer.StructurallyEqual(a, b))
                changes.Add(new TermChange(ChangeScope.Sla, @new.Name, ContractTerm.Clock, i + 1, a is null ? null : new TermValue.AsWritten(), b is null ? null : new TermValue.AsWritten()));
        }
        // Credit tiers by position: "tier 2 raised from 25% to 30%" when its condition stayed, else the condition's change.
        var (oldTiers, newTiers) = (old.Credits.Tiers, @new.Credits.Tiers);
        for (var i = 0; i < Math.Max(oldTiers.Length, newTiers.Length); i++)
        {
            var a = i < oldTiers.Length ? CreditLine(oldTiers[i]) : null;
            var b = i < newTiers.Length ? CreditLine(newTiers[i]) : null;
            if (a is not null && b is not null && a.Condition != b.Condition && ModelSerializer.StructurallyEqual(a.Amount, b.Amount))
                Add(ContractTerm.CreditTierCondition, i + 1, new TermValue.TierCondition(a.Condition), new TermValue.TierCondition(b.Condition));
            else Add(ContractTerm.CreditTier, i + 1, a, b);
        }
        Add(ContractTerm.Cumulative, null, new TermValue.Flag(old.Credits.Cumulative), new TermValue.Flag(@new.Credits.Cumulative));
        var (oldCaps, newCaps) = (old.Credits.Caps, @new.Credits.Caps);
        for (var i = 0; i < Math.Max(oldCaps.Length, newCaps.Length); i++)
            Add(ContractTerm.Cap, Math.Max(oldCaps.Length, newCaps.Length) > 1 ? i + 1 : null, i < oldCaps.Length ? Cap(oldCaps[i]) : null, i < newCaps.Length ? Cap(newCaps[i]) : null);
        Add(ContractTerm.Minimum, null, Minimum(old.Credits.Minimum), Minimum(@new.Credits.Minimum));
        Add(ContractTerm.ClaimDeadline, null, Claim(old.Credits.Claim), Claim(@new.Credits.Claim));
        Add(ContractTerm.BudgetWarnings, null, Percents(old.WarnAtBudgetUsed), Percents(@new.WarnAtBudgetUsed));
        return changes;
    }

    private static IEnumerable<TermChange> CompareKpi(BoundKpi old, BoundKpi @new)
    {
        var changes = new List<TermChange>();
        void Add(ContractTerm term, TermValue? a, TermValue? b)
        {
            if (!ModelSerializer.StructurallyEqual(a, b)) changes.Add(new TermChange(ChangeScope.Kpi, @new.Name, term, null, a, b));
        }
        Add(ContractTerm.Title, Name(old.Title), Name(@new.Title));
        Add(ContractTerm.Clause, Name(old.Clause), Name(@new.Clause));
        changes.AddRange(CompareObjectives(ChangeScope.Kpi, @new.Name, old.Targets, @new.Targets));
        Add(ContractTerm.Supports, new TermValue.Names(old.Supports), new TermValue.Names(@new.Supports));
        return changes;
    }

    /// <summary>
    /// Guarantees (or targets) by position. The same measure with another bound is a bound change ("raised from 99.9% to
    /// 99.95%"); another window a window change; another measure the whole guarantee. The ordinal is left out when there is one.
    /// </summary>
    private static IEnumerable<TermChange> CompareObjectives(ChangeScope scope, string block, ImmutableArray<BoundObjective> old, ImmutableArray<BoundObjective> @new)
    {
        var count = Math.Max(old.Length, @new.Length);
        for (var i = 0; i < count; i++)
        {
            int? ordinal = count > 1 ? i + 1 : null;
            var (a, b) = (i < old.Length ? old[i] : null, i < @new.Length ? @new[i] : null);
            if (ModelSerializer.StructurallyEqual(a, b)) continue;
            if (a is null || b is null)
            {
                yield return new TermChange(scope, block, ContractTerm.Guarantee, ordinal, a is null ? null : Guarantee(a), b is null ? null : Guarantee(b));
                continue;
            }
            var sameMeasure = a.Objective is ThresholdObjective x && b.Objective is ThresholdObjective y && ModelSerializer.StructurallyEqual(x.Measure, y.Measure);
            // The same measure over other services: said as such, then its bound compared as for the same measure.
            if (a.Objective is ThresholdObjective sa && b.Objective is ThresholdObjective sb && !sameMeasure
                && ServicesOf(sa.Measure) is { } servicesA && ServicesOf(sb.Measure) is { } servicesB && ModelSerializer.StructurallyEqual(WithServices(sa.Measure, servicesB), sb.Measure))
            {
                yield return new TermChange(scope, block, ContractTerm.MeasuredServices, ordinal, new TermValue.Names(servicesA), new TermValue.Names(servicesB)) { Measure = sa.Measure.Name };
                sameMeasure = true;
            }
            if (sameMeasure && a.Objective is ThresholdObjective ta && b.Objective is ThresholdObjective tb
                && ta.Bound.Operator == tb.Bound.Operator && ModelSerializer.StructurallyEqual(ta.Slices, tb.Slices) && Bound(ta.Bound.Value) is { } boundA && Bound(tb.Bound.Value) is { } boundB)
            {
                if (!ModelSerializer.StructurallyEqual(ta.Bound, tb.Bound)) yield return new TermChange(scope, block, ContractTerm.Target, ordinal, boundA, boundB) { Measure = ta.Measure.Name };
            }
            else if (!ModelSerializer.StructurallyEqual(a.Objective, b.Objective))
            {
                yield return new TermChange(scope, block, ContractTerm.Guarantee, ordinal, Guarantee(a), Guarantee(b));
            }
            if (!ModelSerializer.StructurallyEqual(a.Window, b.Window))
                yield return new TermChange(scope, block, ContractTerm.Window, ordinal, Window(a.Window), Window(b.Window));
            if (a.Clause != b.Clause)
                yield return new TermChange(scope, block, ContractTerm.Clause, ordinal, Name(a.Clause), Name(b.Clause));
        }
    }

    /// <summary>The services a measure is of, when it names them directly (availability, success rate, latency, downtime).</summary>
    private static ImmutableArray<string>? ServicesOf(Measure measure) => measure switch
    {
        AvailabilityMeasure a => a.Services,
        SuccessRateMeasure s => s.Services,
        LatencyMeasure l => l.Services,
        DowntimeMeasure d => d.Services,
        _ => null,
    };

    private static Measure WithServices(Measure measure, ImmutableArray<string> services) => measure switch
    {
        AvailabilityMeasure a => a with { Services = services },
        SuccessRateMeasure s => s with { Services = services },
        LatencyMeasure l => l with { Services = services },
        DowntimeMeasure d => d with { Services = services },
        _ => measure,
    };

    /// <summary>Pairs items of two lists by key: the new list's order, each removed item just before the next one kept after it in the old list.</summary>
    private static List<(T? Old, T? New)> ByKey<T>(ImmutableArray<T> old, ImmutableArray<T> @new, Func<T, string> key) where T : class
    {
        var newByKey = @new.ToDictionary(key, StringComparer.Ordinal);
        var oldByKey = old.ToDictionary(key, StringComparer.Ordinal);
        var pairs = new List<(T?, T?)>();
        var oldIndex = 0;
        foreach (var item in @new)
        {
            if (oldByKey.TryGetValue(key(item), out var before))
            {
                // Removed items that stood before this one in the old version come first.
                var at = old.IndexOf(before);
                for (; oldIndex < at; oldIndex++)
                    if (!newByKey.ContainsKey(key(old[oldIndex]))) pairs.Add((old[oldIndex], null));
                oldIndex = Math.Max(oldIndex, at + 1);
                pairs.Add((before, item));
            }
            else
            {
                pairs.Add((null, item));
            }
        }
        for (; oldIndex < old.Length; oldIndex++)
            if (!newByKey.ContainsKey(key(old[oldIndex]))) pairs.Add((old[oldIndex], null));
        return pairs;
    }

    private static TermValue? Name(string? text) => text is null ? null : new TermValue.Name(text);
    private static TermValue? Date(NodaTime.LocalDate? date) => date is { } d ? new TermValue.Date(d) : null;
    private static TermValue? Fee(M.Fee? fee) => fee is null ? null : new TermValue.Fee(fee.Amount.Amount, fee.Amount.Currency, fee.Per);
    private static TermValue Rounding(BoundContract contract) => new TermValue.Rounding(contract.Rounding, contract.Fee?.Amount.Currency, contract.RoundingStated);
    private static TermValue Service(BoundService service) => new TermValue.Name(service.Title is null ? service.Id : $"{service.Id} \"{service.Title}\"");
    private static TermValue? Channel(M.ClaimChannel? channel) => channel is null ? null : new TermValue.ClaimChannel(channel.Contact, channel.Portal, channel.Reference);
    private static TermValue? Places(MeasuredValueRounding? rounding) => rounding is null ? null : new TermValue.Places(rounding.Places, rounding.Mode);
    private static TermValue? Percents(ImmutableArray<M.Percent> percents) => percents.IsDefaultOrEmpty ? null : new TermValue.Names([.. percents.Select(p => p.ToString())]);
    private static TermValue? Window(M.Window? window) => window is null ? null : new TermValue.Window(window.Kind, window.Parameter);

    private static string Denominator(Denominator denominator) => denominator switch
    {
        M.Denominator.WindowMinusExcluded => "the window minus excluded time",
        M.Denominator.DeployedTime => "deployed time",
        _ => "the whole window",
    };

    private static TermValue? Bound(Quantity quantity) => quantity switch
    {
        PercentQuantity p => new TermValue.Percent(p.Value.Value),
        DurationQuantity d => new TermValue.Duration(d.Value),
        CountQuantity c => new TermValue.Name(c.ToString()),
        _ => null,
    };

    private static TermValue Guarantee(BoundObjective objective) => new TermValue.Guarantee(StatementContexts.Terms(objective));

    private static TermValue.Exclusion Exclusion(M.Exclusion exclusion)
    {
        var (limit, per) = (exclusion.Cap?.Limit, exclusion.Cap?.Per);
        return new TermValue.Exclusion(exclusion.Predicate switch
        {
            MaintenanceWindows m => new ExclusionTerms.Maintenance(m.MinimumNotice, limit, per),
            CausedBy c => new ExclusionTerms.CausedBy(c.Causes, limit, per),
            Tagged t => new ExclusionTerms.Tagged(t.Tags, limit, per),
            LocalTimeWindow l => new ExclusionTerms.Hours(l.Hours.Days, l.Hours.FromMinute, l.Hours.ToMinute, limit, per),
            _ => throw new ArgumentOutOfRangeException(nameof(exclusion), exclusion.Predicate, "An exclusion kind without terms."),
        });
    }

    private static TermValue.CreditLine CreditLine(CreditTierClause tier) => new(tier.Condition switch
    {
        MeasuredIn m => m.Label,
        AnyGuaranteeBreached => "any guarantee is breached",
        PerBreachedIncident => "per breached incident",
        ForDownPeriod => "for the down period",
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier.Condition, "A credit condition without words."),
    }, Amount(tier.Amount));

    private static CreditAmountTerms Amount(CreditAmount amount) => amount switch
    {
        PercentOfFee p => new CreditAmountTerms.PercentOfFee(p.Percent.Value),
        DaysOfService d => new CreditAmountTerms.DaysOfService(d.Days),
        FixedAmount f => new CreditAmountTerms.Fixed(f.Amount.Amount, f.Amount.Currency),
        FeeMultipleForDownPeriod m => new CreditAmountTerms.FeeMultiple(m.Factor, m.OverMeasuredPeriod),
        _ => throw new ArgumentOutOfRangeException(nameof(amount), amount, "A credit amount without terms."),
    };

    private static TermValue Cap(CreditCap cap) => new TermValue.Cap(Amount(cap.Limit), cap.Per, cap.RollingMonths);

    private static TermValue? Minimum(MinimumCreditClause? minimum) => minimum is null ? null : new TermValue.Minimum(minimum.Required, minimum.Amount.Amount, minimum.Amount.Currency);

    private static TermValue? Claim(ClaimDeadlineClause? claim) => claim switch
    {
        ClaimWithin w => new TermValue.ClaimDeadline(w.Count, w.Unit, w.After),
        ClaimByEndOfCycle c => new TermValue.ClaimDeadline(c.Ordinal, null, c.After),
        _ => null,
    };
}
