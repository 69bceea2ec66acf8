using SlaKpiDsl.Reports.Signing;
using SlaKpiDsl.Reports.Verification;

namespace SlaKpiDsl.Pipeline;

/// <summary><c>sla verify</c> through the pipeline: each statement verified as a relying party by src/Reports (<see cref="StatementVerifier"/>).</summary>
public static class StatementVerification
{
    public static VerificationResult Verify(string path, TrustAnchors trust) => StatementVerifier.Verify(path, trust);
}
