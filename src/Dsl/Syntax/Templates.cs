using System.Collections.Immutable;
using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Syntax;

/// <summary>The type of a template parameter: what a value must be written as, and where it may stand.</summary>
public enum ParameterType
{
    /// <summary><c>money</c>: <c>12000.00 USD</c>.</summary>
    Money,
    /// <summary><c>percent</c>: <c>99.9%</c>.</summary>
    Percent,
    /// <summary><c>duration</c>: <c>15 minutes</c>.</summary>
    Duration,
    /// <summary><c>services</c>: <c>api and checkout</c>.</summary>
    Services,
    /// <summary><c>time zone</c>: <c>"America/New_York"</c>.</summary>
    TimeZone,
    /// <summary><c>date</c>: <c>2026-01-01</c>.</summary>
    Date,
    /// <summary><c>rounding</c>: <c>half-even</c>.</summary>
    Rounding,
    /// <summary><c>one of standard or premium</c>: one of the named options.</summary>
    Choice,
}

/// <summary>
/// <c>template NAME "title" { parameter ...; allow ...; contract clauses using $parameters }</c>: a master schedule that
/// order forms instantiate. The body lines are kept as written (<see cref="Lines"/>): they are contract clauses with
/// <c>$name</c> references that only parse once values stand in them (the checker expands them).
/// </summary>
public sealed record TemplateSyntax(
    IdentifierSyntax Name,
    StringLiteralSyntax? Title,
    ImmutableArray<ParameterSyntax> Parameters,
    ImmutableArray<AllowSyntax> Allowances,
    ImmutableArray<TemplateLineSyntax> Lines,
    SourceSpan Span) : TopLevelSyntax(Span);

/// <summary>A value as written (a default, a bound, an order form's cell): its tokens' span and their canonical text.</summary>
public sealed record ParameterValueSyntax(string Text, SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>at least V</c> / <c>at most V</c> after a parameter's type.</summary>
public sealed record ParameterBoundSyntax(ComparisonOperator Operator, ParameterValueSyntax Value, SourceSpan Span) : SyntaxNode(Span);

/// <summary>
/// <c>parameter fee money [default 1000.00 USD] [, at least 100.00 USD] [, at most ...]</c>; for a choice
/// <c>parameter tier one of standard or premium [default standard]</c>. Values are checked against the type by the checker.
/// </summary>
public sealed record ParameterSyntax(
    IdentifierSyntax Name,
    ParameterType Type,
    ImmutableArray<IdentifierSyntax> Options,
    ParameterValueSyntax? Default,
    ImmutableArray<ParameterBoundSyntax> Bounds,
    SourceSpan Span) : ClauseSyntax(Span);

public enum AllowanceKind
{
    /// <summary><c>allow override of credit</c>: an order form may replace these clauses of the block.</summary>
    Override,
    /// <summary><c>allow additional exclude</c> (in a block) or <c>allow additional sla</c> (at template level).</summary>
    Addition,
}

/// <summary>
/// What an order form may change. <see cref="Block"/> is the sla/kpi the allowance is written in (null at template level,
/// where only <c>allow additional sla and kpi</c> is meaningful); <see cref="Kinds"/> are clause kinds by their first word
/// (<c>credit</c>, <c>credits</c>, <c>exclude</c>, <c>guarantee</c>, ...) or <c>sla</c>/<c>kpi</c>.
/// </summary>
public sealed record AllowSyntax(string? Block, AllowanceKind Kind, ImmutableArray<IdentifierSyntax> Kinds, SourceSpan Span) : ClauseSyntax(Span);

/// <summary>A <c>$name</c> in a template line.</summary>
public sealed record ParameterReferenceSyntax(string Name, SourceSpan Span) : SyntaxNode(Span);

/// <summary>
/// One physical line of a template's body other than parameters and allowances. <see cref="Kind"/> is the clause's first
/// word after an optional <c>clause "x":</c> prefix (<c>sla</c>/<c>kpi</c>/<c>holidays</c> for a block's opening line, empty
/// for a line that is only <c>}</c>); <see cref="Block"/> is the sla/kpi the line is inside (null at contract level);
/// <see cref="ClosesBlock"/> when the line ends with the <c>}</c> of that block.
/// </summary>
public sealed record TemplateLineSyntax(
    string Kind,
    string? Block,
    string? BlockKeyword,
    bool ClosesBlock,
    ImmutableArray<ParameterReferenceSyntax> References,
    SourceSpan Span) : SyntaxNode(Span);

/// <summary>
/// <c>contract "Name" from template NAME { set ...; header clauses; override/add blocks; new sla/kpi }</c>: an order form.
/// </summary>
public sealed record InstanceSyntax(
    StringLiteralSyntax Name,
    IdentifierSyntax Template,
    ImmutableArray<ParameterSettingSyntax> Settings,
    ImmutableArray<ClauseSyntax> Clauses,
    ImmutableArray<DeviationSyntax> Deviations,
    SourceSpan Span) : TopLevelSyntax(Span);

/// <summary><c>set fee = 12000.00 USD</c>: a parameter's value (typed by the template, checked by the checker).</summary>
public sealed record ParameterSettingSyntax(IdentifierSyntax Name, ParameterValueSyntax Value, SourceSpan Span) : ClauseSyntax(Span);

/// <summary>
/// <c>override sla NAME { clauses }</c> (the clauses replace the template's clauses of the same kinds) or
/// <c>add to sla NAME { clauses }</c> (appended). <see cref="Keyword"/> is <c>sla</c> or <c>kpi</c>.
/// </summary>
public sealed record DeviationSyntax(AllowanceKind Kind, string Keyword, IdentifierSyntax Block, ImmutableArray<ClauseSyntax> Clauses, SourceSpan Span) : ClauseSyntax(Span);

/// <summary>
/// <c>amendment of "Name" effective 2026-07-15, straddling windows split by days { set ...; override/add blocks; new sla/kpi }</c>
/// (or <c>, new terms from the next window</c>): a change to an order form from a date. <see cref="SplitByDays"/> is the
/// rule for a window that straddles the date (false: new terms from the next window). The body is an order form's body:
/// values set again, deviations that replace the form's own of the same kinds, SLAs and KPIs added.
/// </summary>
public sealed record AmendmentSyntax(
    StringLiteralSyntax Contract,
    DateLiteralSyntax Effective,
    bool SplitByDays,
    SourceSpan RuleSpan,
    ImmutableArray<ParameterSettingSyntax> Settings,
    ImmutableArray<ClauseSyntax> Clauses,
    ImmutableArray<DeviationSyntax> Deviations,
    SourceSpan Span) : TopLevelSyntax(Span);
