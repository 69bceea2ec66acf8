using System.Collections.Immutable;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;
using SlaKpiDsl.Runtime.Time;

namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>What happened to one incident in a commitment's evaluation.</summary>
public enum IncidentOutcome
{
    /// <summary>Qualified and (part of it) counted as downtime.</summary>
    Counted,
    /// <summary>Qualified but lay wholly in time removed by a time exclusion.</summary>
    ExcludedByTime,
    /// <summary>Matched an incident exclusion (e.g. caused by the customer): never qualified.</summary>
    ExcludedByIncidentClause,
    /// <summary>Its downtime period was shorter than the contract's minimum period.</summary>
    BelowMinimumPeriod,
    /// <summary>A per-incident clock that met its limit.</summary>
    ClockMet,
    /// <summary>A per-incident clock that exceeded its limit (a breach).</summary>
    ClockBreached,
    /// <summary>A clock still running at as-of and not yet over its limit.</summary>
    ClockPending,
    /// <summary>Lay wholly outside the deployed time of a deployed-time denominator.</summary>
    OutsideMeasuredPeriod,
}

/// <summary>
/// One incident in the trace. <see cref="Start"/>/<see cref="End"/> are the incident clipped to the window (and as-of).
/// An evaluator reading an incident table's columns refers to the incident by its row (<see cref="IncidentRef"/>): the id
/// text is made where it is read (a statement, a report, the JSON trace), so a trace of thousands of incidents that only
/// its numbers are taken from makes no id strings. Equal as the values it shows are equal, however the id is held.
/// </summary>
public sealed record IncidentTrace(
    string Id,
    IncidentOutcome Outcome,
    Instant Start,
    Instant End,
    bool Open,
    decimal Seconds,
    decimal Weight,
    decimal CountedSeconds,
    string? Clause)
{
    // The id's text, or the table segment holding it (with its row): two fields, not an IncidentRef, as a fleet's
    // evaluation makes millions of these.
    private readonly object? idSource = Id;
    private readonly int idRow;

    internal IncidentTrace(IncidentRef id, IncidentOutcome outcome, Instant start, Instant end, bool open, decimal seconds, decimal weight, decimal countedSeconds, string? clause)
        : this((string)null!, outcome, start, end, open, seconds, weight, countedSeconds, clause) => (idSource, idRow) = id.Source;

    /// <summary>The incident's id (made from its table row on each read when the trace refers to one).</summary>
    [JsonPropertyOrder(-1)]
    public string Id { get => idSource switch { string text => text, Data.IncidentSegment segment => segment.Id(idRow), _ => null! }; init => (idSource, idRow) = (value, 0); }

    public bool Equals(IncidentTrace? other) =>
        ReferenceEquals(this, other) || (other is not null && Outcome == other.Outcome && Start == other.Start && End == other.End && Open == other.Open
            && Seconds == other.Seconds && Weight == other.Weight && CountedSeconds == other.CountedSeconds && Clause == other.Clause && Id == other.Id);

    public override int GetHashCode() => HashCode.Combine(Id, Outcome, Start, End, Open, Seconds, Weight, HashCode.Combine(CountedSeconds, Clause));
}

/// <summary>
/// An incident's id as an evaluator holds it while it works: its text, or the row of an incident table's segment it is
/// read from (<see cref="Text"/> makes the text then). Lets a kernel carry an id without making a string for it.
/// </summary>
internal readonly struct IncidentRef
{
    private readonly string? text;
    private readonly Data.IncidentSegment? segment;
    private readonly int row;

    public IncidentRef(Data.IncidentSegment segment, int row) { this.segment = segment; this.row = row; }
    private IncidentRef(string text) => this.text = text;

    public static implicit operator IncidentRef(string text) => new(text);

    /// <summary>The id's text (null only for the default value).</summary>
    public string Text => text ?? segment?.Id(row)!;

    /// <summary>The text, or the segment and the row.</summary>
    public (object? Source, int Row) Source => (text ?? (object?)segment, row);
}

/// <summary>A merged downtime segment (one weight) after union, before exclusions. <see cref="Dropped"/>: removed by the minimum-period rule.</summary>
public sealed record DowntimePeriodTrace(Instant Start, Instant End, decimal Seconds, decimal Weight, bool Dropped);

/// <summary>
/// Downtime a time exclusion removed: the part of a merged period (with its weight) inside the clause's time after its
/// cap. Together with <see cref="CommitmentTrace.CountedSegments"/> it says where in the window downtime was counted and
/// where it was excluded (the statement's timeline).
/// </summary>
public sealed record ExcludedDowntimeTrace(Instant Start, Instant End, decimal Weight, string Clause);

/// <summary>What an exclusion clause excludes (trace JSON: <c>maintenance</c>, <c>time-of-day</c>, <c>incident</c>).</summary>
public enum ExclusionKind
{
    /// <summary>Announced maintenance windows.</summary>
    Maintenance,
    /// <summary>A recurring local time window (weekly hours).</summary>
    TimeOfDay,
    /// <summary>Incidents the clause excludes (by cause or tag): their time is not downtime.</summary>
    Incident,
}

/// <summary>
/// What the measured period (the ratio's denominator) is (trace JSON: <c>calendar-window</c>, <c>window-minus-excluded</c>,
/// <c>deployed-time</c>, <c>deployed-time-minus-excluded</c>).
/// </summary>
public enum DenominatorKind
{
    /// <summary>The whole window; excluded time counts as available.</summary>
    CalendarWindow,
    /// <summary>The window minus the excluded time.</summary>
    WindowMinusExcluded,
    /// <summary>The deployed time in the window; excluded time counts as available.</summary>
    DeployedTime,
    /// <summary>The deployed time in the window minus the excluded time.</summary>
    DeployedTimeMinusExcluded,
}

/// <summary>How a credit was found (trace JSON: <c>tiers</c>, <c>per-breach</c>, <c>multiplier</c>, <c>credit-lines</c>).</summary>
public enum CreditBasis
{
    /// <summary>Percent-of-fee tiers on the measured value.</summary>
    Tiers,
    /// <summary>A percent per breached incident.</summary>
    PerBreach,
    /// <summary>A multiple of the fee for the down period.</summary>
    Multiplier,
    /// <summary>A mix of credit lines: days of service, fixed amounts, any guarantee, fee multiples.</summary>
    CreditLines,
}

/// <summary>What one exclusion clause removed. Seconds are exact; <see cref="DowntimeRemovedSeconds"/> is weighted.</summary>
public sealed record ExclusionTrace(
    string Clause,
    ExclusionKind Kind,
    decimal TimeInWindowSeconds,
    decimal? CapSeconds,
    decimal BeyondCapSeconds,
    decimal ExcludedSeconds,
    decimal DowntimeRemovedSeconds,
    ImmutableArray<string> Evidence);

/// <summary>How the measured period was derived.</summary>
public sealed record DenominatorTrace(DenominatorKind Kind, decimal WindowSeconds, decimal? DeployedSeconds, decimal ExcludedSecondsRemoved, decimal MeasuredSeconds, string Derivation);

/// <summary>
/// The measured value and its verdict. <see cref="Target"/> is the target's text for JSON readers;
/// <see cref="Condition"/> is the same target as a value (null only for a trace built from text alone, such as one read
/// back from JSON): documents word the target from it and never parse <see cref="Target"/>.
/// </summary>
public sealed record MeasurementTrace(
    string Measure,
    decimal Numerator,
    decimal Denominator,
    decimal PercentForDisplay,
    string Target,
    Verdict Verdict,
    decimal? DowntimeSeconds)
{
    /// <summary>A measurement against a typed target: its text is <paramref name="target"/>'s description, so the two never disagree.</summary>
    public static MeasurementTrace Of(string measure, decimal numerator, decimal denominator, decimal percentForDisplay, TargetCondition target, Verdict verdict, decimal? downtimeSeconds) =>
        new(measure, numerator, denominator, percentForDisplay, target.Describe(), verdict, downtimeSeconds) { Condition = target };

    /// <summary>What kind of quantity <see cref="Measure"/> names, so documents word it by kind, never by the name's text; not serialised (the schema carries the name).</summary>
    [JsonIgnore]
    public MeasureKind Kind { get; init; } = MeasureKind.Value;

    /// <summary>The target as a value; not serialised (the trace schema carries <see cref="Target"/>).</summary>
    [JsonIgnore]
    public TargetCondition? Condition { get; init; }

    /// <summary>The bound or band of a value target; null for counts (clocks, guarantees) and text-only traces.</summary>
    [JsonIgnore]
    public ValueCondition? Bound => (Condition as TargetCondition.Bounded)?.Condition;
}

/// <summary>The kind of quantity a measurement is: its numerator and denominator mean different things for each.</summary>
public enum MeasureKind
{
    /// <summary>A value (a share, a latency, a time, a count) compared with its target.</summary>
    Value,
    /// <summary>Available time over the measured period (numerator and denominator in ticks).</summary>
    Availability,
    /// <summary>Good requests over all requests in the window's counted slices.</summary>
    SuccessRate,
    /// <summary>Incidents whose clock breached its limit (an every-incident clock).</summary>
    BreachedIncidents,
    /// <summary>Breached guarantees of an SLA of several.</summary>
    BreachedGuarantees,
}

/// <summary>
/// A candidate credit tier and whether its condition held. <see cref="Band"/> is the condition as a value when it is one
/// (not serialised). <see cref="Payment"/> and <see cref="Value"/> are what the line pays as written (10 percent of the fee,
/// 2.00 in the fee's currency, 3 days of service, 10 times the fee for the down period); <see cref="PercentOfFee"/> is that
/// amount as a percent of this window's fee. <see cref="Clause"/> is the line's own citation (<c>clause "3.3": credit ...</c>).
/// </summary>
public sealed record TierCandidateTrace(string Label, string Condition, decimal PercentOfFee, bool Holds)
{
    [JsonIgnore]
    public ValueCondition? Band { get; init; }

    public CreditPaymentKind Payment { get; init; } = CreditPaymentKind.PercentOfFee;

    /// <summary>When the line pays (per breached incident, for the down period, ...), so documents word it by kind, never by <see cref="Label"/>; not serialised (the schema carries the label).</summary>
    [JsonIgnore]
    public CreditTrigger Trigger { get; init; } = CreditTrigger.MeasuredIn;

    /// <summary>The amount as written in <see cref="Payment"/>'s unit; for a percent-of-fee line the same as <see cref="PercentOfFee"/>.</summary>
    public decimal Value { get; init; } = PercentOfFee;

    public string? Clause { get; init; }
}

/// <summary>A cap or minimum that changed the amount; <see cref="Clause"/> is the cap's own citation when the contract gives one.</summary>
public sealed record CapTrace(string Rule, decimal Before, decimal After)
{
    public string? Clause { get; init; }
}

/// <summary>How the credit was found: candidates, the matched tier(s), caps, rounding.</summary>
public sealed record CreditTrace(
    CreditBasis Basis,
    ImmutableArray<TierCandidateTrace> Candidates,
    ImmutableArray<string> Matched,
    string Note,
    decimal PercentOfFee,
    decimal FeeForWindow,
    string Currency,
    decimal AmountBeforeCaps,
    ImmutableArray<CapTrace> Caps,
    decimal ExactAmount,
    MoneyRoundingMode Rounding,
    int MinorUnits,
    decimal Amount);

/// <summary>
/// The explanation of one commitment in one window: immutable, serialised as JSON schema <c>slakpidsl.trace/2</c>
/// (docs/trace-schema.md; <c>slakpidsl.trace/1</c> when its warnings are written as sentences,
/// <see cref="TraceJson.WithWarningText"/>). Every number of the result can be recomputed from it.
/// </summary>
public sealed record CommitmentTrace(
    string Commitment,
    string? Clause,
    string Window,
    Instant WindowStart,
    Instant WindowEnd,
    Instant AsOf,
    ImmutableArray<IncidentTrace> Incidents,
    ImmutableArray<DowntimePeriodTrace> Periods,
    ImmutableArray<ExclusionTrace> Exclusions,
    DenominatorTrace? Denominator,
    MeasurementTrace Measurement,
    CreditTrace? Credit,
    ImmutableArray<EvaluationWarning> Warnings)
{
    /// <summary>The schema of <see cref="TraceJson.Serialize(CommitmentTrace)"/>: each warning an object (kind, quantities, audience).</summary>
    public const string SchemaId = "slakpidsl.trace/2";

    /// <summary>
    /// The schema of the same trace with each warning a sentence (<see cref="TraceJson.WithWarningText"/>): the shape
    /// <c>slakpidsl.trace/1</c> always had, which <c>sla evaluate --format json</c> (<c>slakpidsl.evaluation/1</c>) embeds.
    /// </summary>
    public const string WordedSchemaId = "slakpidsl.trace/1";

    // Declared here, in the JSON's order, so the incidents keep their place after asOf (a property declared in the body
    // follows the positional ones): the incident entries and the periods may be made when first read (DetailMadeBy).

    /// <summary>
    /// What happened to each incident, chronological. A trace the downtime evaluator made from an incident table's columns
    /// makes these (and the periods and segments) only when first read (<see cref="DetailMadeBy"/>): a fleet's evaluation
    /// whose numbers alone are taken makes no object per incident or period. Read or not, they are the same entries.
    /// </summary>
    public ImmutableArray<IncidentTrace> Incidents { get => Given(Detail.Incidents) ? incidents : deferred!.Value.Incidents; init => (incidents, given) = (value, given | Detail.Incidents); }

    public ImmutableArray<DowntimePeriodTrace> Periods { get => Given(Detail.Periods) ? periods : deferred!.Value.Periods; init => (periods, given) = (value, given | Detail.Periods); }

    public ImmutableArray<ExclusionTrace> Exclusions { get; init; } = Exclusions;

    public DenominatorTrace? Denominator { get; init; } = Denominator;

    public MeasurementTrace Measurement { get; init; } = Measurement;

    public CreditTrace? Credit { get; init; } = Credit;

    public ImmutableArray<EvaluationWarning> Warnings { get; init; } = Warnings;

    /// <summary>The window as a typed value (kind, local dates) for wording; <see cref="Window"/> is its label in the JSON.</summary>
    [JsonIgnore]
    public CalendarWindow? CalendarWindow { get; init; }

    /// <summary>
    /// Where the counted downtime lies: the final downtime segments (after exclusions, with time beyond a cap that counts
    /// as downtime), each with its weight; their weighted length is the measurement's downtime. Only a downtime
    /// measure's full trace has them; not serialised (the JSON has the periods and exclusions).
    /// </summary>
    [JsonIgnore]
    public ImmutableArray<DowntimePeriodTrace> CountedSegments
    {
        get => Given(Detail.CountedSegments) ? countedSegments : deferred!.Value.CountedSegments;
        init => (countedSegments, given) = (value.IsDefault ? [] : value, given | Detail.CountedSegments);
    }

    /// <summary>Where downtime was removed by time exclusions, clause by clause (see <see cref="ExcludedDowntimeTrace"/>); not serialised.</summary>
    [JsonIgnore]
    public ImmutableArray<ExcludedDowntimeTrace> ExcludedSegments
    {
        get => Given(Detail.ExcludedSegments) ? excludedSegments : deferred!.Value.ExcludedSegments;
        init => (excludedSegments, given) = (value.IsDefault ? [] : value, given | Detail.ExcludedSegments);
    }

    /// <summary>
    /// Makes <see cref="Incidents"/>, <see cref="Periods"/>, <see cref="CountedSegments"/> and <see cref="ExcludedSegments"/>
    /// on first read of any (once, whichever thread reads first) from the full trace <paramref name="value"/> makes, instead
    /// of holding them: for an evaluator that can evaluate again on inputs the function keeps. Set after them, it replaces
    /// them; one set later (<c>with</c>) is kept. Null leaves them as given.
    /// </summary>
    internal Func<CommitmentTrace>? DetailMadeBy
    {
        init
        {
            if (value is null) return;
            deferred = new Lazy<CommitmentTrace>(value, LazyThreadSafetyMode.ExecutionAndPublication);
            given = Detail.None;
            (incidents, periods, countedSegments, excludedSegments) = (default, default, default, default);
        }
    }

    private readonly ImmutableArray<IncidentTrace> incidents = Incidents;
    private readonly ImmutableArray<DowntimePeriodTrace> periods = Periods;
    private readonly ImmutableArray<DowntimePeriodTrace> countedSegments = [];
    private readonly ImmutableArray<ExcludedDowntimeTrace> excludedSegments = [];
    private readonly Lazy<CommitmentTrace>? deferred;
    private readonly Detail given = Detail.All;

    private bool Given(Detail part) => (given & part) != 0;

    [Flags]
    private enum Detail : byte
    {
        None = 0,
        Incidents = 1,
        Periods = 2,
        CountedSegments = 4,
        ExcludedSegments = 8,
        All = Incidents | Periods | CountedSegments | ExcludedSegments,
    }

    /// <summary><see cref="SchemaId"/> (<see cref="WordedSchemaId"/> in worded JSON); serialised first so readers can dispatch on it.</summary>
    [JsonPropertyOrder(-1)]
    public string Schema => SchemaId;
}

/// <summary>JSON serialisation of traces (System.Text.Json): camelCase, instants as ISO-8601 UTC, enums as kebab strings.</summary>
public static class TraceJson
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    public static string Serialize(CommitmentTrace trace) => JsonSerializer.Serialize(trace, Options);

    public static string Serialize(IEnumerable<CommitmentTrace> traces) => JsonSerializer.Serialize(traces, Options);

    /// <summary>
    /// The trace options with each warning written as the text <paramref name="word"/> gives it (the wording module's),
    /// for a document whose readers read sentences (<c>sla evaluate --format json</c>); such JSON is not read back. Its
    /// <c>schema</c> is <see cref="CommitmentTrace.WordedSchemaId"/>: a shape differs, so the id does too.
    /// </summary>
    public static JsonSerializerOptions WithWarningText(Func<EvaluationWarning, string> word)
    {
        var o = new JsonSerializerOptions(Options)
        {
            // A warning is one string here: its polymorphic object form (kind and quantities) is not written.
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver
            {
                Modifiers =
                {
                    info =>
                    {
                        if (info.Type == typeof(EvaluationWarning)) info.PolymorphismOptions = null;
                        if (info.Type == typeof(CommitmentTrace))
                            foreach (var property in info.Properties)
                                if (property.Name == "schema") property.Get = _ => CommitmentTrace.WordedSchemaId;
                    },
                },
            },
        };
        o.Converters.Insert(0, new WarningTextConverter(word));
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    private sealed class WarningTextConverter(Func<EvaluationWarning, string> word) : JsonConverter<EvaluationWarning>
    {
        public override bool CanConvert(Type typeToConvert) => typeof(EvaluationWarning).IsAssignableFrom(typeToConvert);

        public override EvaluationWarning Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new JsonException("A warning written as text is not read back: read the trace JSON, whose warnings are typed.");

        public override void Write(Utf8JsonWriter writer, EvaluationWarning value, JsonSerializerOptions options) => writer.WriteStringValue(word(value));
    }

    /// <summary>An enum value as the trace schema writes it (kebab case: <c>per-breach</c>, <c>half-even</c>), for other JSON writers.</summary>
    public static string Identifier<T>(T value) where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    private static JsonSerializerOptions CreateOptions()
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        o.Converters.Add(new InstantConverter());
        o.Converters.Add(new DurationConverter());
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    /// <summary>A duration (in a warning) as NodaTime's round-trip pattern, <c>-D:hh:mm:ss.FFFFFFFFF</c>.</summary>
    private sealed class DurationConverter : JsonConverter<Duration>
    {
        public override Duration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var r = DurationPattern.Roundtrip.Parse(reader.GetString() ?? "");
            return r.Success ? r.Value : throw new JsonException($"Not a duration: {reader.GetString()}");
        }

        public override void Write(Utf8JsonWriter writer, Duration value, JsonSerializerOptions options) =>
            writer.WriteStringValue(DurationPattern.Roundtrip.Format(value));
    }

    private sealed class InstantConverter : JsonConverter<Instant>
    {
        public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var r = InstantPattern.ExtendedIso.Parse(reader.GetString() ?? "");
            return r.Success ? r.Value : throw new JsonException($"Not an ISO-8601 instant: {reader.GetString()}");
        }

        public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
            writer.WriteStringValue(InstantPattern.ExtendedIso.Format(value));
    }
}
