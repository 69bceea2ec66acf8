using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using SlaKpiDsl.Pipeline;
using SlaKpiDsl.Reports.Wording;
using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Cli;

/// <summary>
/// A contract's evaluation with what the evaluator does not know: the zone and effective range the contract states,
/// the commitments' titles, and the KPI trends. Invariant: <see cref="Trends"/> keys are KPI names of the evaluation.
/// </summary>
public sealed record ContractReport(
    ContractEvaluation Evaluation,
    string TimeZone,
    LocalDate? EffectiveStart,
    LocalDate? EffectiveEnd,
    ImmutableDictionary<string, string?> Titles,
    ImmutableDictionary<string, IReadOnlyList<KpiTrendPoint>> Trends)
{
    /// <summary>The parties as the contract names them (null when not stated).</summary>
    public string? Provider { get; init; }
    public string? Customer { get; init; }

    /// <summary>An amended contract's versions (empty when never amended): the text report names them.</summary>
    public ImmutableArray<ContractVersion> Versions { get; init; } = [];

    /// <summary>The statement's totals: the rounded credit amounts of the evaluated SLAs, summed per currency (KPIs never carry credits).</summary>
    public ImmutableArray<(string Currency, decimal Amount)> CreditTotals =>
        Evaluation.Slas.Select(s => s.Result?.Credit).OfType<CreditDecision>()
            .GroupBy(c => c.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Sum(c => c.Amount))).ToImmutableArray();

    /// <summary>True when the contract has commitments and every one of them lies outside the effective range for the period.</summary>
    public bool OutsideEffectiveRange =>
        Evaluation.Slas.Length + Evaluation.Kpis.Length > 0
        && Evaluation.Slas.All(s => s.Kind == OutcomeKind.OutsideEffectiveRange)
        && Evaluation.Kpis.All(k => k.Outcome.Kind == OutcomeKind.OutsideEffectiveRange);

    public string EffectiveRangeText =>
        (EffectiveStart, EffectiveEnd) switch
        {
            (null, null) => "no effective range stated",
            ({ } s, null) => $"effective from {Date(s)}",
            (null, { } e) => $"effective until {Date(e)}",
            ({ } s, { } e) => $"effective from {Date(s)} until {Date(e)}",
        } + (Versions.IsEmpty ? "" : $"; terms: {Words.Terms(Versions)}");

    internal static string Date(LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>What a shard's JSON says of its shard: which, how many contracts all shards hold, and each contract's position among them.</summary>
public sealed record ShardOutput(Shard Shard, int Contracts, ImmutableArray<int> Positions);

/// <summary>
/// <c>sla evaluate --format json</c>: schema <c>slakpidsl.evaluation/1</c> (docs/evaluation-json.md,
/// docs/schemas/evaluation-1.schema.json). Exact values are strings (a JSON number read as a double would lose them);
/// seconds are JSON numbers written from decimals, as in the trace. Each evaluated commitment embeds its trace.
/// </summary>
public static class EvaluationJson
{
    public const string SchemaId = "slakpidsl.evaluation/1";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // The trace's warnings are typed; this document's readers read them worded, as in the result's own "warnings".
    private static readonly Lazy<JsonSerializerOptions> WordedTrace = new(() => TraceJson.WithWarningText(w => Words.Warning(w)));

    private static JsonSerializerOptions TraceWithWordedWarnings => WordedTrace.Value;
    private static readonly OffsetDateTimePattern LocalWithOffset = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFo<+HH:mm>");

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="shard">For <c>--shard I/N</c>: the shard, how many contracts all shards hold, and each contract's position among them (written as <c>shard</c>, which <c>sla merge</c> reads and drops).</param>
    public static string Write(IReadOnlyList<ContractReport> contracts, EvaluationPeriod period, Instant asOf, int trendWindows, ShardOutput? shard = null)
    {
        var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("schema", SchemaId);
            json.WriteString("period", period.ToString());
            json.WriteString("asOf", InstantPattern.ExtendedIso.Format(asOf));
            json.WriteNumber("trendWindows", trendWindows);
            if (shard is not null)
            {
                json.WriteStartObject("shard");
                json.WriteNumber("index", shard.Shard.Index);
                json.WriteNumber("count", shard.Shard.Count);
                json.WriteNumber("contracts", shard.Contracts);
                json.WriteStartArray("positions");
                foreach (var position in shard.Positions) json.WriteNumberValue(position);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteStartArray("contracts");
            foreach (var report in contracts) Contract(json, report);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>
    /// The outputs of every shard of one <c>sla evaluate --shard I/N</c> run merged into the output of the single run:
    /// the same header, the contracts in the single run's order (by their positions), no <c>shard</c> member. The problems
    /// (none on success) when the files are not all the shards (1..N once each) of one evaluation (the same period, as-of,
    /// trend windows, count and contracts) or their positions do not cover every contract exactly once.
    /// </summary>
    /// <remarks>
    /// From each file's UTF-8 bytes (a leading byte order mark skipped), the merged JSON written to
    /// <paramref name="output"/> a contract at a time (a fleet's shards are hundreds of MB: never one string of the
    /// whole); nothing is written when there are problems (all are checked before the first byte).
    /// </remarks>
    public static ImmutableArray<string> Merge(IReadOnlyList<(string Name, ReadOnlyMemory<byte> Json)> shards, TextWriter output)
    {
        var problems = ImmutableArray.CreateBuilder<string>();
        var documents = new List<(string Name, JsonDocument Document)>();
        try
        {
            foreach (var (name, text) in shards)
            {
                try
                {
                    var utf8 = text.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? text[3..] : text;
                    documents.Add((name, JsonDocument.Parse(utf8)));
                }
                catch (JsonException exception)
                {
                    problems.Add($"{name}: not JSON: {exception.Message}");
                }
            }
            if (problems.Count > 0) return problems.ToImmutable();
            (string Period, string AsOf, int Trend, int Count, int Contracts)? header = null;
            var seen = new Dictionary<int, string>();
            var slots = new JsonElement?[0];
            foreach (var (name, document) in documents)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.String || schema.GetString() != SchemaId)
                {
                    problems.Add($"{name}: not an evaluation of schema {SchemaId}");
                    continue;
                }
                if (!root.TryGetProperty("shard", out var shard) || shard.ValueKind != JsonValueKind.Object)
                {
                    problems.Add($"{name}: not the output of one shard (sla evaluate --shard I/N --format json)");
                    continue;
                }
                var mine = (root.GetProperty("period").GetString()!, root.GetProperty("asOf").GetString()!, root.GetProperty("trendWindows").GetInt32(),
                    shard.GetProperty("count").GetInt32(), shard.GetProperty("contracts").GetInt32());
                header ??= mine;
                if (header != mine)
                {
                    problems.Add($"{name}: another evaluation (period {mine.Item1}, as of {mine.Item2}, trend {mine.Item3}, {mine.Item4} shards of {mine.Item5} contracts; the first file: "
                        + $"period {header.Value.Period}, as of {header.Value.AsOf}, trend {header.Value.Trend}, {header.Value.Count} shards of {header.Value.Contracts} contracts)");
                    continue;
                }
                if (slots.Length != mine.Item5) slots = new JsonElement?[mine.Item5];
                var index = shard.GetProperty("index").GetInt32();
                if (!seen.TryAdd(index, name))
                {
                    problems.Add($"{name}: shard {index}/{mine.Item4} again (also {seen[index]})");
                    continue;
                }
                var contracts = root.GetProperty("contracts");
                var positions = shard.GetProperty("positions");
                if (positions.GetArrayLength() != contracts.GetArrayLength())
                {
                    problems.Add($"{name}: {positions.GetArrayLength()} positions for {contracts.GetArrayLength()} contracts");
                    continue;
                }
                var k = 0;
                foreach (var contract in contracts.EnumerateArray())
                {
                    var position = positions[k++].GetInt32();
                    if (position < 0 || position >= slots.Length || slots[position] is not null)
                        problems.Add($"{name}: contract position {position} is outside 0..{slots.Length - 1} or taken by another shard");
                    else slots[position] = contract;
                }
            }
            if (problems.Count > 0 || header is not { } h) return problems.Count > 0 ? problems.ToImmutable() : ["no shard outputs given"];
            for (var i = 1; i <= h.Count; i++)
                if (!seen.ContainsKey(i)) problems.Add($"shard {i}/{h.Count} is missing");
            var empty = Enumerable.Range(0, slots.Length).Where(i => slots[i] is null).ToList();
            if (empty.Count > 0 && problems.Count == 0) problems.Add($"{empty.Count} contract position(s) no shard holds (first: {empty[0]})");
            if (problems.Count > 0) return problems.ToImmutable();

            using (var stream = new TextWriterStream(output))
            using (var json = new Utf8JsonWriter(stream, WriterOptions))
            {
                json.WriteStartObject();
                json.WriteString("schema", SchemaId);
                json.WriteString("period", h.Period);
                json.WriteString("asOf", h.AsOf);
                json.WriteNumber("trendWindows", h.Trend);
                json.WriteStartArray("contracts");
                foreach (var contract in slots)
                {
                    contract!.Value.WriteTo(json);
                    json.Flush();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            output.Write('\n');
            return [];
        }
        catch (Exception exception) when (exception is InvalidOperationException or KeyNotFoundException or FormatException or IndexOutOfRangeException)
        {
            // A member missing or of the wrong kind in a file that claims the schema: the input's problem (exit 1), said as such.
            return [.. problems, $"a shard output is not in the evaluation schema: {exception.Message}"];
        }
        finally
        {
            foreach (var (_, document) in documents) document.Dispose();
        }
    }

    /// <summary>A write-only stream that decodes the UTF-8 written to it into a <see cref="TextWriter"/> (characters split across writes kept by the decoder).</summary>
    private sealed class TextWriterStream(TextWriter writer) : Stream
    {
        private readonly System.Text.Decoder decoder = new System.Text.UTF8Encoding(false, true).GetDecoder();
        private char[] chars = new char[4096];

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var needed = decoder.GetCharCount(buffer, flush: false);
            if (needed > chars.Length) chars = new char[Math.Max(needed, chars.Length * 2)];
            var n = decoder.GetChars(buffer, chars, flush: false);
            writer.Write(chars, 0, n);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Flush() => writer.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private static void Contract(Utf8JsonWriter json, ContractReport report)
    {
        var evaluation = report.Evaluation;
        json.WriteStartObject();
        json.WriteString("contract", evaluation.ContractName);
        WriteNullable(json, "provider", report.Provider);
        WriteNullable(json, "customer", report.Customer);
        json.WriteString("timeZone", report.TimeZone);
        WriteNullable(json, "effectiveFrom", report.EffectiveStart is { } s ? ContractReport.Date(s) : null);
        WriteNullable(json, "effectiveUntil", report.EffectiveEnd is { } e ? ContractReport.Date(e) : null);
        json.WriteBoolean("outsideEffectiveRange", report.OutsideEffectiveRange);
        json.WriteStartArray("creditTotals");
        foreach (var (currency, amount) in report.CreditTotals)
        {
            json.WriteStartObject();
            json.WriteString("currency", currency);
            json.WriteString("amount", amount.ToString(Invariant));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(report.TimeZone) ?? DateTimeZone.Utc;
        json.WriteStartArray("slas");
        foreach (var outcome in evaluation.Slas)
        {
            json.WriteStartObject();
            json.WriteString("sla", outcome.Commitment);
            WriteNullable(json, "title", report.Titles.GetValueOrDefault(outcome.Commitment));
            Outcome(json, outcome, zone);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("kpis");
        foreach (var kpi in evaluation.Kpis)
        {
            json.WriteStartObject();
            json.WriteString("kpi", kpi.Kpi);
            WriteNullable(json, "title", kpi.Title);
            json.WriteStartArray("supports");
            foreach (var sla in kpi.Supports) json.WriteStringValue(sla);
            json.WriteEndArray();
            json.WriteString("targetText", kpi.TargetText);
            Outcome(json, kpi.Outcome, zone);
            json.WriteStartArray("trend");
            foreach (var point in report.Trends.GetValueOrDefault(kpi.Kpi, []))
            {
                json.WriteStartObject();
                json.WriteString("period", point.Period.ToString());
                json.WriteString("outcome", Kind(point.Outcome.Kind));
                if (point.Outcome.Reason is not null) json.WriteString("reason", point.Outcome.Reason);
                if (point.Outcome.Result is { } r)
                {
                    json.WriteString("window", r.Window);
                    Measured(json, r);
                    json.WriteString("verdict", Verdict(r.Verdict));
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The fields every commitment and KPI outcome shares (the /1 fields first, unchanged).</summary>
    private static void Outcome(Utf8JsonWriter json, CommitmentOutcome outcome, DateTimeZone zone)
    {
        if (outcome.Clause is null) json.WriteNull("clause"); else json.WriteString("clause", outcome.Clause);
        json.WriteString("outcome", Kind(outcome.Kind));
        if (outcome.Reason is not null) json.WriteString("reason", outcome.Reason);
        if (outcome.Part is { } part)
        {
            json.WriteStartObject("terms");
            json.WriteNumber("version", part.Number);
            if (part.Effective is { } effective) json.WriteString("effective", ContractReport.Date(effective)); else json.WriteNull("effective");
            json.WriteEndObject();
        }
        if (outcome.Result is not { } r) return;
        json.WriteString("window", r.Window);
        json.WriteString("windowStart", InstantPattern.ExtendedIso.Format(r.Trace.WindowStart));
        json.WriteString("windowEnd", InstantPattern.ExtendedIso.Format(r.Trace.WindowEnd));
        // The statement prints the window in the contract's zone; the offset makes a DST month visible.
        json.WriteString("windowStartLocal", LocalWithOffset.Format(r.Trace.WindowStart.InZone(zone).ToOffsetDateTime()));
        json.WriteString("windowEndLocal", LocalWithOffset.Format(r.Trace.WindowEnd.InZone(zone).ToOffsetDateTime()));
        if (r.Measured is { } m)
        {
            json.WriteNumber("measuredNumerator", m.Numerator);
            json.WriteNumber("measuredDenominator", m.Denominator);
            // Only a percent has a percent display (a latency of 5000 ms is not "500000%"; counts are in measuredText).
            if (r.Unit == ValueUnit.Percent && OutcomeWording.Measured(outcome) is null)
                json.WriteString("measuredPercentDisplay", Words.Measured(m, ValueUnit.Percent, r.Trace.Measurement.Bound, grouped: false));
        }
        Measured(json, r);
        // A count-valued SLA (several guarantees, every-incident clock) in words: a bare 1 is not a measurement.
        if (OutcomeWording.Measured(outcome) is { } text) json.WriteString("measuredText", text);
        json.WriteString("unit", r.Unit == ValueUnit.Percent ? "percent" : "plain");
        json.WriteString("target", r.Trace.Measurement.Target);
        json.WriteString("verdict", Verdict(r.Verdict));
        if (r.Measured is { } value && TargetMargin.Of(value, r.Trace.Measurement.Bound) is { } margin)
        {
            json.WriteStartObject("margin");
            json.WriteString("exact", Reduced(margin.Points.Numerator, margin.Points.Denominator));
            json.WriteString("display", Words.Margin(value, r.Trace.Measurement.Bound, grouped: false)!.TrimStart('+'));
            json.WriteString("unit", margin.Percent ? "percentage-points" : "plain");
            json.WriteEndObject();
        }
        else json.WriteNull("margin");
        if (r.DowntimeSeconds is { } d) json.WriteNumber("downtimeSeconds", d);
        if (r.MeasuredSeconds is { } s) json.WriteNumber("measuredSeconds", s);
        if (r.Budget is { } b) json.WriteNumber("budgetRemainingSeconds", b.RemainingSeconds);
        Budget(json, r);
        Credit(json, r.Credit);
        if (outcome.ClaimDeadline is { } claim)
        {
            json.WriteString("claimBy", claim.LastDay.ToString("yyyy-MM-dd", Invariant));
            json.WriteString("claimExpires", InstantPattern.ExtendedIso.Format(claim.Expires));
        }
        json.WriteStartArray("warnings");
        foreach (var warning in r.Warnings) json.WriteStringValue(Words.Warning(warning));
        json.WriteEndArray();
        json.WritePropertyName("trace");
        JsonSerializer.Serialize(json, r.Trace, TraceWithWordedWarnings);
        if (outcome.Guarantees.IsEmpty) return;
        // Additive in /1: each guarantee of an SLA of several, with the same fields as an SLA's result and its own trace.
        json.WriteStartArray("guarantees");
        foreach (var g in outcome.Guarantees)
        {
            json.WriteStartObject();
            json.WriteString("measure", g.Trace.Measurement.Measure);
            Outcome(json, CommitmentOutcome.Evaluated(g), zone);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void Measured(Utf8JsonWriter json, CommitmentResult r)
    {
        if (r.Measured is not { } m)
        {
            json.WriteNull("measured");
            return;
        }
        json.WriteStartObject("measured");
        json.WriteString("numerator", m.Numerator.ToString(Invariant));
        json.WriteString("denominator", m.Denominator.ToString(Invariant));
        json.WriteString("ratio", Reduced(m.Numerator, m.Denominator));
        json.WriteString("decimal", m.ToDecimalForDisplay().ToString(Invariant));
        if (r.Unit == ValueUnit.Percent) json.WriteString("percent", m.ToPercentForDisplay().ToString(Invariant));
        json.WriteString("display", Words.Measured(m, r.Unit, r.Trace.Measurement.Bound, grouped: false));
        json.WriteEndObject();
    }

    private static void Budget(Utf8JsonWriter json, CommitmentResult r)
    {
        if (r.Budget is { } b)
        {
            json.WriteStartObject("budget");
            json.WriteString("kind", "downtime");
            json.WriteNumber("budgetSeconds", b.BudgetSeconds);
            json.WriteNumber("usedSeconds", b.UsedSeconds);
            json.WriteNumber("remainingSeconds", b.RemainingSeconds);
            json.WriteNumber("elapsedSeconds", b.ElapsedSeconds);
            json.WriteNumber("measuredSeconds", b.MeasuredSeconds);
            WriteNullable(json, "burnRate", b.BurnRate);
            json.WriteNumber("projectedDowntimeSeconds", b.ProjectedDowntimeSeconds);
            WriteNullable(json, "projectedPercentDisplay", b.ProjectedValue is { } p ? Words.Measured(p, ValueUnit.Percent, r.Trace.Measurement.Bound, grouped: false) : null);
            json.WriteString("projectedVerdict", Verdict(b.ProjectedVerdict));
            NextTier(json, b.NextTier);
            json.WriteEndObject();
        }
        else if (r.RequestBudget is { } q)
        {
            json.WriteStartObject("budget");
            json.WriteString("kind", "requests");
            json.WriteNumber("allowedBadRequests", q.AllowedBadRequests);
            json.WriteNumber("usedBadRequests", q.UsedBadRequests);
            json.WriteNumber("remainingBadRequests", q.RemainingBadRequests);
            json.WriteNumber("totalRequests", q.TotalRequests);
            json.WriteNumber("elapsedSeconds", q.ElapsedSeconds);
            WriteNullable(json, "burnRate", q.BurnRate);
            NextTier(json, q.NextTier);
            json.WriteEndObject();
        }
        else json.WriteNull("budget");
    }

    private static void NextTier(Utf8JsonWriter json, NextCreditTier? next)
    {
        if (next is null)
        {
            json.WriteNull("nextTier");
            return;
        }
        json.WriteStartObject("nextTier");
        json.WriteString("label", next.Label);
        json.WriteString("condition", next.Condition);
        json.WriteNumber("percentOfFee", next.PercentOfFee);
        json.WriteString("exactAmount", next.ExactAmount.ToString(Invariant));
        json.WriteString("amount", next.Amount.ToString(Invariant));
        json.WriteNumber("additional", next.Additional);
        json.WriteString("additionalUnit", Words.BudgetUnit(next.AdditionalUnit));
        json.WriteBoolean("strictly", next.Strictly);
        json.WriteEndObject();
    }

    private static void Credit(Utf8JsonWriter json, CreditDecision? credit)
    {
        if (credit is not { } c) return;
        var t = c.Trace;
        json.WriteStartObject("credit");
        json.WriteNumber("percentOfFee", c.PercentOfFee);
        json.WriteNumber("grantedPercentOfFee", c.GrantedPercentOfFee);
        json.WriteString("amount", c.Amount.ToString(Invariant));
        json.WriteString("currency", c.Currency);
        json.WriteString("exactAmount", c.ExactAmount.ToString(Invariant));
        json.WriteString("amountBeforeCaps", t.AmountBeforeCaps.ToString(Invariant));
        json.WriteString("feeForWindow", t.FeeForWindow.ToString(Invariant));
        json.WriteString("basis", TraceJson.Identifier(t.Basis));
        json.WriteStartArray("tiers");
        foreach (var label in t.Matched) json.WriteStringValue(label);
        json.WriteEndArray();
        json.WriteString("note", t.Note);
        json.WriteStartArray("capsApplied");
        foreach (var cap in t.Caps)
        {
            json.WriteStartObject();
            json.WriteString("rule", cap.Rule);
            json.WriteString("clause", cap.Clause);
            json.WriteString("before", cap.Before.ToString(Invariant));
            json.WriteString("after", cap.After.ToString(Invariant));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteString("rounding", TraceJson.Identifier(t.Rounding));
        json.WriteNumber("minorUnits", t.MinorUnits);
        json.WriteEndObject();
    }

    public static string Kind(OutcomeKind kind) => kind switch
    {
        OutcomeKind.Evaluated => "evaluated",
        OutcomeKind.OutsideEffectiveRange => "outside-effective-range",
        OutcomeKind.PeriodMismatch => "period-mismatch",
        _ => "not-yet-supported",
    };

    public static string Verdict(Verdict verdict) => verdict switch
    {
        Runtime.Evaluation.Verdict.Met => "met",
        Runtime.Evaluation.Verdict.Breached => "breached",
        _ => "not-measurable",
    };

    /// <summary>The exact fraction in lowest terms (<see cref="TraceExplanation.Fraction"/>).</summary>
    public static string Reduced(decimal numerator, decimal denominator) => TraceExplanation.Fraction(numerator, denominator);

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null) json.WriteNull(name); else json.WriteString(name, value);
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, decimal? value)
    {
        if (value is { } v) json.WriteNumber(name, v); else json.WriteNull(name);
    }
}
