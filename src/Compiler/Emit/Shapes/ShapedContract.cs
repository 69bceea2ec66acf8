using SlaKpiDsl.Runtime.Evaluation;

namespace SlaKpiDsl.Compiler.Emit.Shapes;

/// <summary>One contract's place in a parameterised batch: the shape class that evaluates it and its literal values.</summary>
public sealed record ShapedContract(string ShapeTypeName, ContractConstants Constants);
