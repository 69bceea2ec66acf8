using System.Diagnostics;
using DuckDB.NET.Data;
using SlaKpiDsl.PeerBench.Generation;

namespace SlaKpiDsl.PeerBench;

/// <summary>
/// The DuckDB SQL peer for the request-slice fleet (<see cref="RequestFleetGenerator"/>): Google-template availability
/// from per-minute slices, one query over requests.csv. Mirrors docs/semantics.md section 3: a slice is down when it has
/// at least N requests and <c>bad x 100 &gt; X x total</c> (exact, strict); slices are known at as-of when they start
/// before it; a run is a maximal sequence of down slices each starting exactly where the previous one ends, judged on
/// all slices (not only the window's), counted when it has at least R slices, and only its part inside the window (and
/// before as-of) is downtime; availability = (window - downtime) / window, tiers by cross-multiplying in DECIMAL, the
/// credit capped and rounded once as <see cref="DuckDbPeer"/> does. Slice lengths must be whole minutes (<c>5m</c>): any
/// other length fails the cast, loudly.
/// </summary>
public static class DuckDbRequestPeer
{
    private const string RequestColumns = "{'service':'VARCHAR','start':'TIMESTAMPTZ','length':'VARCHAR','total':'BIGINT','good':'BIGINT'}";

    public static string RequestSource(string root) =>
        $"read_csv('{Path.Combine(root, "data", "requests.csv")}', header=true, columns={RequestColumns})";

    public static string Query(string root, string requests)
    {
        var asOf = FleetGenerator.AsOf.ToUnixTimeTicks() / 10;
        return $$"""
        WITH params AS (
          SELECT customer::INTEGER AS customer, service, epoch_us(window_start::TIMESTAMPTZ) AS ws, epoch_us(window_end::TIMESTAMPTZ) AS we,
                 fee::DECIMAL(18,2) AS fee, rounding, error_rate_pct::DECIMAL(9,4) AS rate, min_requests::BIGINT AS min_req,
                 min_run::BIGINT AS min_run, credit_cap_pct::DECIMAL(9,4) AS cap_pct
          FROM read_csv('{{Path.Combine(root, "requests-customers.csv")}}', header=true, all_varchar=true)),
        tiers AS (
          SELECT customer::INTEGER AS customer, rank::INTEGER AS rank, low::DECIMAL(9,4) AS low, high::DECIMAL(9,4) AS high, percent::DECIMAL(9,4) AS percent
          FROM read_csv('{{Path.Combine(root, "tiers.csv")}}', header=true, all_varchar=true)),
        down_slices AS (
          SELECT p.customer, epoch_us(r.start) AS s,
                 epoch_us(r.start) + CAST(regexp_extract(r.length, '^([0-9]+)m$', 1) AS BIGINT) * 60000000 AS e
          FROM {{requests}} r JOIN params p ON r.service = p.service
          WHERE epoch_us(r.start) < {{asOf}} AND r.total >= p.min_req AND (r.total - r.good) * 100 > p.rate * r.total),
        ordered AS (
          SELECT customer, s, e, lag(e) OVER (PARTITION BY customer ORDER BY s, e) AS previous_end FROM down_slices),
        grouped AS (
          SELECT customer, s, e, sum(CASE WHEN previous_end IS NULL OR s <> previous_end THEN 1 ELSE 0 END)
                 OVER (PARTITION BY customer ORDER BY s, e ROWS UNBOUNDED PRECEDING) AS grp
          FROM ordered),
        runs AS (SELECT customer, min(s) AS s, max(e) AS e, count(*) AS n FROM grouped GROUP BY customer, grp),
        down AS (
          SELECT p.customer, greatest(r.s, p.ws) AS s, least(r.e, p.we, {{asOf}}) AS e
          FROM runs r JOIN params p USING (customer)
          WHERE r.n >= p.min_run AND least(r.e, p.we, {{asOf}}) > greatest(r.s, p.ws)),
        totals AS (
          SELECT p.*, coalesce(d.us, 0)::BIGINT AS down_us, p.we - p.ws AS measured_us
          FROM params p LEFT JOIN (SELECT customer, sum(e - s) AS us FROM down GROUP BY customer) d USING (customer)),
        matched AS (
          SELECT t.customer, t.percent, row_number() OVER (PARTITION BY t.customer ORDER BY t.percent DESC, t.rank) AS rn
          FROM totals x JOIN tiers t USING (customer)
          WHERE (t.low IS NULL OR (x.measured_us - x.down_us) * 100 >= t.low * x.measured_us)
            AND (t.high IS NULL OR (x.measured_us - x.down_us) * 100 < t.high * x.measured_us)),
        floored AS (
          SELECT x.customer, x.service, x.down_us, x.measured_us, x.rounding, coalesce(m.percent, 0) AS pct,
                 x.fee * least(coalesce(m.percent, 0), x.cap_pct) * 0.01 AS exact
          FROM totals x LEFT JOIN matched m ON m.customer = x.customer AND m.rn = 1)
        SELECT customer, service, down_us, measured_us, pct, {{DuckDbPeer.RoundedAmount}} AS amount
        FROM floored ORDER BY customer
        """;
    }

    public static (IReadOnlyList<CustomerResult> Results, TimeSpan EndToEnd, TimeSpan Load, TimeSpan Compute) Run(string root, int threads, bool separatePhases)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        DuckDbPeer.Execute(connection, $"SET threads = {threads}");
        var clock = Stopwatch.StartNew();
        var results = DuckDbPeer.Read(connection, Query(root, RequestSource(root)));
        var endToEnd = clock.Elapsed;
        if (!separatePhases) return (results, endToEnd, TimeSpan.Zero, TimeSpan.Zero);
        clock.Restart();
        DuckDbPeer.Execute(connection, $"CREATE TABLE requests AS SELECT * FROM {RequestSource(root)}");
        var load = clock.Elapsed;
        clock.Restart();
        var again = DuckDbPeer.Read(connection, Query(root, "requests"));
        var compute = clock.Elapsed;
        if (again.Count != results.Count) throw new InvalidOperationException("the table query disagrees with the file query");
        return (results, endToEnd, load, compute);
    }
}
