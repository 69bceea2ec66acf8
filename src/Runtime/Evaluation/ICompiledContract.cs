namespace SlaKpiDsl.Runtime.Evaluation;

/// <summary>
/// Implemented by every generated evaluator class (one per contract, in namespace <c>SlaKpiDsl.Generated</c>), so the
/// host can check what it loaded from the cache. Invariant: <see cref="SemanticHash"/> equals the cache key content
/// hash the evaluator was compiled for. The evaluate method joins this interface once the runtime result types exist.
/// </summary>
public interface ICompiledContract
{
    /// <summary>The contract's name exactly as written in the <c>.sla</c> file.</summary>
    string ContractName { get; }

    /// <summary>Hex SHA-256 of the semantic content the evaluator was generated from.</summary>
    string SemanticHash { get; }
}
