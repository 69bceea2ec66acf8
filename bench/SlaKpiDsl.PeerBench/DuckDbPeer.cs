using System.Diagnostics;
using DuckDB.NET.Data;
using SlaKpiDsl.PeerBench.Generation;

namespace SlaKpiDsl.PeerBench;

/// <summary>
/// The peer a data team would write instead: the same availability-and-credit computation as one DuckDB SQL query over
/// the same CSV files, per customer. Contract parameters come from customers.csv / tiers.csv (written by the generator
/// next to the .sla files); window bounds were computed outside SQL by our calendar (DST is not SQL's job). Exactness:
/// instants are integer microseconds (epoch_us), verdict and tier tests cross-multiply in DECIMAL, money is DECIMAL and
/// rounded once with the contract's mode. Semantics mirrored from docs/semantics.md section 2: qualify (service, impact
/// outage, excluded causes) -> clip at as-of -> union of overlapping and touching intervals -> minimum period judged
/// on the whole period -> clip to the window -> maintenance union, clipped, capped chronologically -> downtime minus
/// its overlap with the capped maintenance (excluded time counts as available).
/// </summary>
public static class DuckDbPeer
{
    private const string IncidentColumns =
        "{'id':'VARCHAR','service':'VARCHAR','severity':'VARCHAR','impact':'VARCHAR','cause':'VARCHAR','started':'TIMESTAMPTZ','detected':'TIMESTAMPTZ','acknowledged':'TIMESTAMPTZ','responded':'TIMESTAMPTZ','resolved':'TIMESTAMPTZ','region':'VARCHAR','tags':'VARCHAR','postmortem_completed':'BOOLEAN'}";
    private const string MaintenanceColumns = "{'id':'VARCHAR','announced':'TIMESTAMPTZ','start':'TIMESTAMPTZ','end':'TIMESTAMPTZ','services':'VARCHAR'}";

    public static string IncidentSource(string root) =>
        $"read_csv('{Path.Combine(root, "data", "incidents.csv")}', header=true, columns={IncidentColumns})";

    public static string MaintenanceSource(string root) =>
        $"read_csv('{Path.Combine(root, "data", "maintenance.csv")}', header=true, columns={MaintenanceColumns})";

    /// <summary>The whole computation; <paramref name="incidents"/> and <paramref name="maintenance"/> are a read_csv call or a table name.</summary>
    public static string Query(string root, string incidents, string maintenance)
    {
        var asOf = FleetGenerator.AsOf.ToUnixTimeTicks() / 10;
        return $$"""
        WITH params AS (
          SELECT customer::INTEGER AS customer, service, epoch_us(window_start::TIMESTAMPTZ) AS ws, epoch_us(window_end::TIMESTAMPTZ) AS we,
                 fee::DECIMAL(18,2) AS fee, rounding, min_period_s::BIGINT * 1000000 AS min_us,
                 string_split(excluded_causes, ';') AS causes, notice_h::BIGINT * 3600000000 AS notice_us,
                 maintenance_cap_h::BIGINT * 3600000000 AS cap_us, credit_cap_pct::DECIMAL(9,4) AS cap_pct,
                 min_credit::DECIMAL(18,2) AS min_credit
          FROM read_csv('{{Path.Combine(root, "customers.csv")}}', header=true, all_varchar=true)),
        tiers AS (
          SELECT customer::INTEGER AS customer, rank::INTEGER AS rank, low::DECIMAL(9,4) AS low, high::DECIMAL(9,4) AS high, percent::DECIMAL(9,4) AS percent
          FROM read_csv('{{Path.Combine(root, "tiers.csv")}}', header=true, all_varchar=true)),
        q AS (
          SELECT p.customer, epoch_us(i.started) AS s, least(coalesce(epoch_us(i.resolved), {{asOf}}), {{asOf}}) AS e
          FROM {{incidents}} i JOIN params p ON i.service = p.service
          WHERE lower(i.impact) = 'outage' AND (i.cause IS NULL OR NOT list_contains(p.causes, i.cause))),
        ordered AS (
          SELECT customer, s, e, max(e) OVER (PARTITION BY customer ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
          FROM q WHERE e > s),
        islands AS (
          SELECT customer, s, e, sum(CASE WHEN reach IS NULL OR s > reach THEN 1 ELSE 0 END) OVER (PARTITION BY customer ORDER BY s, e ROWS UNBOUNDED PRECEDING) AS grp
          FROM ordered),
        periods AS (SELECT customer, min(s) AS s, max(e) AS e FROM islands GROUP BY customer, grp),
        down AS (
          SELECT p.customer, greatest(d.s, p.ws) AS s, least(d.e, p.we) AS e
          FROM periods d JOIN params p USING (customer)
          WHERE d.e - d.s >= p.min_us AND least(d.e, p.we) > greatest(d.s, p.ws)),
        mq AS (
          SELECT p.customer, greatest(epoch_us(m.start), p.ws) AS s, least(epoch_us(m."end"), p.we) AS e
          FROM {{maintenance}} m JOIN params p ON (m.services IS NULL OR list_contains(string_split(m.services, ';'), p.service))
          WHERE epoch_us(m.start) - epoch_us(m.announced) >= p.notice_us),
        mo AS (
          SELECT customer, s, e, max(e) OVER (PARTITION BY customer ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
          FROM mq WHERE e > s),
        mi AS (
          SELECT customer, s, e, sum(CASE WHEN reach IS NULL OR s > reach THEN 1 ELSE 0 END) OVER (PARTITION BY customer ORDER BY s, e ROWS UNBOUNDED PRECEDING) AS grp
          FROM mo),
        mu AS (SELECT customer, min(s) AS s, max(e) AS e FROM mi GROUP BY customer, grp),
        mused AS (
          SELECT customer, s, e, coalesce(sum(e - s) OVER (PARTITION BY customer ORDER BY s ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS used
          FROM mu),
        mc AS (
          SELECT m.customer, m.s, CASE WHEN p.cap_us IS NULL THEN m.e ELSE least(m.e, m.s + (p.cap_us - m.used)) END AS e
          FROM mused m JOIN params p USING (customer)
          WHERE p.cap_us IS NULL OR m.used < p.cap_us),
        overlap AS (
          SELECT d.customer, sum(least(d.e, c.e) - greatest(d.s, c.s)) AS us
          FROM down d JOIN mc c ON d.customer = c.customer AND d.s < c.e AND c.s < d.e GROUP BY d.customer),
        totals AS (
          SELECT p.*, (coalesce(dt.us, 0) - coalesce(o.us, 0))::BIGINT AS down_us, p.we - p.ws AS measured_us
          FROM params p
          LEFT JOIN (SELECT customer, sum(e - s) AS us FROM down GROUP BY customer) dt USING (customer)
          LEFT JOIN overlap o USING (customer)),
        matched AS (
          SELECT t.customer, t.percent, row_number() OVER (PARTITION BY t.customer ORDER BY t.percent DESC, t.rank) AS rn
          FROM totals x JOIN tiers t USING (customer)
          WHERE (t.low IS NULL OR (x.measured_us - x.down_us) * 100 >= t.low * x.measured_us)
            AND (t.high IS NULL OR (x.measured_us - x.down_us) * 100 < t.high * x.measured_us)),
        credit AS (
          SELECT x.customer, x.service, x.down_us, x.measured_us, x.rounding, coalesce(m.percent, 0) AS pct,
                 x.fee * least(coalesce(m.percent, 0), x.cap_pct) * 0.01 AS capped, x.min_credit
          FROM totals x LEFT JOIN matched m ON m.customer = x.customer AND m.rn = 1),
        floored AS (
          SELECT *, CASE WHEN min_credit IS NOT NULL AND capped <= min_credit THEN 0::DECIMAL(38,6) ELSE capped END AS exact
          FROM credit)
        SELECT customer, service, down_us, measured_us, pct, {{RoundedAmount}} AS amount
        FROM floored ORDER BY customer
        """;
    }

    /// <summary>The exact credit <c>exact</c> rounded once to cents with the contract's mode (<c>rounding</c>): half-even written out, else DuckDB's round (half away from zero).</summary>
    internal const string RoundedAmount = """
        CASE WHEN rounding = 'half-even'
                    THEN (CASE WHEN exact * 100 - floor(exact * 100) > 0.5 THEN floor(exact * 100)::BIGINT + 1
                               WHEN exact * 100 - floor(exact * 100) < 0.5 THEN floor(exact * 100)::BIGINT
                               ELSE floor(exact * 100)::BIGINT + floor(exact * 100)::BIGINT % 2 END)::DECIMAL(38,0) * 0.01
                    ELSE round(exact, 2) END
        """;

    public static (IReadOnlyList<CustomerResult> Results, TimeSpan EndToEnd, TimeSpan Load, TimeSpan Compute) Run(string root, int threads, bool separatePhases)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        Execute(connection, $"SET threads = {threads}");
        var clock = Stopwatch.StartNew();
        var results = Read(connection, Query(root, IncidentSource(root), MaintenanceSource(root)));
        var endToEnd = clock.Elapsed;
        if (!separatePhases) return (results, endToEnd, TimeSpan.Zero, TimeSpan.Zero);
        // The same query on tables already in DuckDB's memory: compute alone (the load is the CREATE TABLE).
        clock.Restart();
        Execute(connection, $"CREATE TABLE incidents AS SELECT * FROM {IncidentSource(root)}");
        Execute(connection, $"CREATE TABLE maintenance AS SELECT * FROM {MaintenanceSource(root)}");
        var load = clock.Elapsed;
        clock.Restart();
        var again = Read(connection, Query(root, "incidents", "maintenance"));
        var compute = clock.Elapsed;
        if (again.Count != results.Count) throw new InvalidOperationException("the table query disagrees with the file query");
        return (results, endToEnd, load, compute);
    }

    internal static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    internal static List<CustomerResult> Read(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var results = new List<CustomerResult>();
        while (reader.Read())
        {
            var downUs = reader.GetInt64(2);
            var measuredUs = reader.GetInt64(3);
            results.Add(new CustomerResult(reader.GetString(1), downUs / 1_000_000m, (measuredUs - downUs) / 1_000_000m, measuredUs / 1_000_000m,
                reader.GetDecimal(4), reader.GetDecimal(5)));
        }
        return results;
    }
}
