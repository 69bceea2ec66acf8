namespace SlaKpiDsl.PeerBench;

/// <summary>Field-by-field comparison of our results with the peer's; any difference is listed, none is tolerated.</summary>
public static class ResultComparison
{
    public static List<string> Differences(IReadOnlyList<CustomerResult> ours, IReadOnlyList<CustomerResult> peer)
    {
        var differences = new List<string>();
        if (ours.Count != peer.Count) differences.Add($"ours has {ours.Count} customers, the peer {peer.Count}");
        var peerByService = peer.ToDictionary(p => p.Service, StringComparer.Ordinal);
        foreach (var o in ours)
        {
            if (!peerByService.TryGetValue(o.Service, out var p)) { differences.Add($"{o.Service}: missing from the peer"); continue; }
            if (o.DowntimeSeconds != p.DowntimeSeconds) differences.Add($"{o.Service}: downtime {o.DowntimeSeconds} s, peer {p.DowntimeSeconds} s");
            // Equal fractions whatever their units: a/b = c/d exactly when a*d = c*b.
            if (o.AvailableNumerator * p.AvailableDenominator != p.AvailableNumerator * o.AvailableDenominator)
                differences.Add($"{o.Service}: availability {o.AvailableNumerator}/{o.AvailableDenominator}, peer {p.AvailableNumerator}/{p.AvailableDenominator}");
            if (o.PercentOfFee != p.PercentOfFee) differences.Add($"{o.Service}: tier {o.PercentOfFee}%, peer {p.PercentOfFee}%");
            if (o.Amount != p.Amount) differences.Add($"{o.Service}: credit {o.Amount}, peer {p.Amount}");
        }
        return differences;
    }

    public static string Summary(IReadOnlyList<CustomerResult> ours, int differences)
    {
        var tiers = string.Join(", ", ours.GroupBy(r => r.PercentOfFee).OrderBy(g => g.Key).Select(g => $"{g.Key:0.##}%: {g.Count()}"));
        var credited = ours.Count(r => r.Amount > 0);
        return differences == 0
            ? $"IDENTICAL: {ours.Count} customers agree on downtime, availability, tier and credit (tiers {tiers}; {credited} with a credit)"
            : $"DIFFERENT: {differences} differences over {ours.Count} customers";
    }
}
