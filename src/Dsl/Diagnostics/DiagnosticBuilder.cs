using SlaKpiDsl.Dsl.Text;

namespace SlaKpiDsl.Dsl.Diagnostics;

/// <summary>
/// The one catalogue of diagnostic codes: one method per code, call sites never invent codes, and a test asserts
/// that codes are unique. Ranges: SLA0001-SLA0099 syntax errors (parser), SLA0100-SLA0999 semantic errors (binder,
/// checks), SLA1000-SLA1999 lint warnings (one rule a file under Compiler/Rules), SLA9000-SLA9999 internal failures
/// (compiler bugs). A code, once published, never changes meaning.
/// </summary>
public static partial class DiagnosticBuilder
{
    private static Diagnostic Error(SourceText source, SourceSpan span, string code, string message) =>
        new(source, span, DiagnosticSeverity.Error, code, message);

    private static Diagnostic Warning(SourceText source, SourceSpan span, string code, string message) =>
        new(source, span, DiagnosticSeverity.Warning, code, message);

    // ---------------------------------------------------------------------------------------------------------
    // Syntax errors, SLA0001-SLA0099 (src/Dsl/Parsing). Keep this region's methods together and in code order.
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>SLA0001: a character that cannot start any token.</summary>
    public static Diagnostic UnexpectedCharacter(SourceText source, SourceSpan span, char c) =>
        Error(source, span, "SLA0001", $"unexpected character '{(TextCharacters.IsHidden(c) ? TextCharacters.Visible(c) : c.ToString())}'; a clause is made of words, numbers like 99.9%, dates like 2026-01-01 and \"quoted text\"");

    /// <summary>SLA0002: a string without its closing quote on the same line.</summary>
    public static Diagnostic UnterminatedString(SourceText source, SourceSpan span) =>
        Error(source, span, "SLA0002", "unterminated text: add the closing \" before the end of the line");

    /// <summary>SLA0003: a clause does not continue as the language allows.</summary>
    public static Diagnostic ExpectedSyntax(SourceText source, SourceSpan span, string expected, string found) =>
        Error(source, span, "SLA0003", $"expected {expected}, found {found}");

    /// <summary>SLA0004: a line starts with a word that is no clause in this block.</summary>
    public static Diagnostic UnknownClause(SourceText source, SourceSpan span, string word, string block, string allowed) =>
        Error(source, span, "SLA0004", $"unknown clause `{word}` in {block}; expected one of: {allowed}");

    /// <summary>SLA0005: the file ends inside a block.</summary>
    public static Diagnostic MissingClosingBrace(SourceText source, SourceSpan span, string block) =>
        Error(source, span, "SLA0005", $"missing `}}` to close {block} opened here");

    /// <summary>SLA0006: a date, time or instant literal that is not a real calendar value.</summary>
    public static Diagnostic InvalidDateTime(SourceText source, SourceSpan span, string text, string reason) =>
        Error(source, span, "SLA0006", $"'{text}' is not a valid date or time: {reason}");

    /// <summary>SLA0007: a closing brace without an open block.</summary>
    public static Diagnostic UnexpectedClosingBrace(SourceText source, SourceSpan span) =>
        Error(source, span, "SLA0007", "unexpected `}`: no block is open here");

    /// <summary>SLA0008: an unknown backslash escape inside quoted text.</summary>
    public static Diagnostic InvalidEscape(SourceText source, SourceSpan span, char c) =>
        Error(source, span, "SLA0008", $"unknown escape '\\{c}' in quoted text; use \\\" \\\\ \\n or \\t");

    /// <summary>SLA0009: a number too large or too precise for exact decimal arithmetic.</summary>
    public static Diagnostic NumberOutOfRange(SourceText source, SourceSpan span, string text) =>
        Error(source, span, "SLA0009", $"the number {text} is too large or has too many digits to be represented exactly");

    /// <summary>SLA0010: something other than a contract or test at the top of a file.</summary>
    public static Diagnostic ExpectedTopLevel(SourceText source, SourceSpan span, string found) =>
        Error(source, span, "SLA0010", $"expected `contract \"Name\" {{` or `test \"name\" for \"Contract\" {{` at the top level, found {found}");

    /// <summary>SLA0011: a block header (contract, test, sla, kpi, holidays) not followed by `{` on its line.</summary>
    public static Diagnostic ExpectedOpenBrace(SourceText source, SourceSpan span, string block) =>
        Error(source, span, "SLA0011", $"expected `{{` at the end of the line to open {block}");

    /// <summary>SLA0012: a block opened where blocks are not allowed (e.g. `{` after a guarantee).</summary>
    public static Diagnostic UnexpectedBlock(SourceText source, SourceSpan span, string block) =>
        Error(source, span, "SLA0012", block == "the contract"
            ? "a block cannot be opened here: inside a contract only `sla`, `kpi` and `holidays` open blocks"
            : $"a block cannot be opened inside {block}: write one clause per line");

    /// <summary>
    /// SLA0013: a control character or bidirectional override inside quoted text or a comment: it is invisible (or
    /// reorders the line) in an editor, yet would reach a terminal or a signed document.
    /// </summary>
    public static Diagnostic HiddenCharacter(SourceText source, SourceSpan span, char c, bool inComment) =>
        Error(source, span, "SLA0013", $"hidden character {TextCharacters.Visible(c)} in {(inComment ? "a comment" : "quoted text")}: control characters and bidirectional overrides are not allowed; use \\n or \\t in quoted text for a line break or a tab");

    // (end of syntax errors)



    // ---------------------------------------------------------------------------------------------------------
    // Semantic errors, SLA0100-SLA0999 (src/Compiler/Semantics). Keep this region's methods together and in code order.
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>Titles of the semantic codes (SARIF rule descriptions, docs); a test checks it matches the methods below.</summary>
    public static readonly IReadOnlyDictionary<string, string> SemanticTitles = new Dictionary<string, string>
    {
        ["SLA0101"] = "Unknown service",
        ["SLA0102"] = "Unknown time zone",
        ["SLA0103"] = "Percent outside 0-100",
        ["SLA0104"] = "Name declared twice",
        ["SLA0105"] = "Effective range empty",
        ["SLA0106"] = "Unknown currency",
        ["SLA0107"] = "Currency differs from the fee's",
        ["SLA0108"] = "Unknown calendar",
        ["SLA0109"] = "Value out of range",
        ["SLA0110"] = "Credit tier matches no value",
        ["SLA0111"] = "Credit tiers overlap",
        ["SLA0112"] = "Credit tiers not monotonic",
        ["SLA0113"] = "Money credit without a fee",
        ["SLA0114"] = "Clause would average percentiles",
        ["SLA0115"] = "Unknown diagnostic code in suppress",
        ["SLA0116"] = "Suppression without a reason",
        ["SLA0117"] = "Supports an unknown SLA",
        ["SLA0118"] = "Stated twice",
        ["SLA0119"] = "Expectation names an unknown commitment",
        ["SLA0120"] = "Test for an unknown contract",
        ["SLA0121"] = "SLA without a guarantee",
        ["SLA0122"] = "Credit depends on what the SLA does not guarantee",
        ["SLA0123"] = "Interval ends before it starts",
        ["SLA0124"] = "Clause not allowed here",
        ["SLA0125"] = "Value of the wrong kind",
        ["SLA0126"] = "Missing required clause",
        ["SLA0127"] = "Expectation does not apply to a KPI",
        ["SLA0128"] = "Contract defined in two files",
        ["SLA0129"] = "Contract too large",
        ["SLA0130"] = "Contract names share a file name",
        ["SLA0145"] = "Claim channel without a contact or portal",
        ["SLA0146"] = "Claim portal is not a web address",
        ["SLA0150"] = "Averaged availability combined with a downtime definition",
        ["SLA0151"] = "Services down at once over more than one plain definition",
        ["SLA0160"] = "Rolling cap without an effective date",
        ["SLA0161"] = "Rolling cap on a window or fee that is not monthly",
        ["SLA0200"] = "Unknown template",
        ["SLA0201"] = "Parameter value of the wrong type",
        ["SLA0202"] = "Parameter value outside its bounds",
        ["SLA0203"] = "Parameter without a value",
        ["SLA0204"] = "Unknown parameter",
        ["SLA0205"] = "Parameter declared or set twice",
        ["SLA0206"] = "Deviation the template does not allow",
        ["SLA0207"] = "Deviation names an unknown sla or kpi",
        ["SLA0208"] = "Parameter cannot stand here",
        ["SLA0209"] = "Reference to an undeclared parameter",
        ["SLA0210"] = "Template declared twice",
        ["SLA0211"] = "Order form restates what the template states",
        ["SLA0212"] = "Order form table malformed",
        ["SLA0213"] = "Template states no contract clause",
        ["SLA0214"] = "Order form's contract has errors in the template's text",
        ["SLA0265"] = "Amendment of an unknown contract",
        ["SLA0266"] = "Amendment of a contract written in full sets a value",
        ["SLA0267"] = "Amendment effective outside the term",
        ["SLA0268"] = "Two amendments on one date",
        ["SLA0269"] = "Clause an amendment cannot state",
        ["SLA0270"] = "Amendment moves the contract's start",
        ["SLA0271"] = "Amendment changes a block the contract lacks",
    };

    public static Diagnostic UnknownService(SourceText source, SourceSpan span, string name, IEnumerable<string> known) =>
        Error(source, span, "SLA0101", $"unknown service '{name}'{KnownList("declared services", known)}");

    public static Diagnostic UnknownTimeZone(SourceText source, SourceSpan span, string zone) =>
        Error(source, span, "SLA0102", $"unknown time zone '{zone}': use an IANA id such as \"America/New_York\" or \"UTC\"");

    public static Diagnostic PercentOutOfRange(SourceText source, SourceSpan span, string written) =>
        Error(source, span, "SLA0103", $"percent {written}% is outside 0-100%");

    public static Diagnostic DuplicateName(SourceText source, SourceSpan span, string kind, string name) =>
        Error(source, span, "SLA0104", $"{kind} '{name}' is declared twice in this contract; names must be unique");

    public static Diagnostic EmptyEffectiveRange(SourceText source, SourceSpan span, string start, string end) =>
        Error(source, span, "SLA0105", $"effective range {start} until {end} is empty: the end is exclusive and must come after the start");

    public static Diagnostic UnknownCurrency(SourceText source, SourceSpan span, string code) =>
        Error(source, span, "SLA0106", $"unknown currency '{code}': use an ISO 4217 code such as USD or EUR");

    public static Diagnostic CurrencyMismatch(SourceText source, SourceSpan span, string written, string fee) =>
        Error(source, span, "SLA0107", $"amount in {written} but the contract's fee is in {fee}: credits are paid in the fee's currency");

    public static Diagnostic UnknownCalendar(SourceText source, SourceSpan span, string name, IEnumerable<string> known) =>
        Error(source, span, "SLA0108", $"unknown calendar '{name}'{KnownList("declared calendars", known)}");

    public static Diagnostic ValueOutOfRange(SourceText source, SourceSpan span, string what, string rule) =>
        Error(source, span, "SLA0109", $"{what}: {rule}");

    public static Diagnostic CreditTierMatchesNothing(SourceText source, SourceSpan span, string condition) =>
        Error(source, span, "SLA0110", $"credit tier '{condition}' matches no measured value");

    public static Diagnostic CreditTiersOverlap(SourceText source, SourceSpan span, string first, string second, string shared) =>
        Error(source, span, "SLA0111", $"credit tiers '{first}' and '{second}' both match {shared}; write disjoint ranges or nested 'below' tiers");

    public static Diagnostic CreditTiersNotMonotonic(SourceText source, SourceSpan span, string worse, string worseCredit, string better, string betterCredit) =>
        Error(source, span, "SLA0112", $"credit tier '{worse}' ({worseCredit}) is for a worse measurement than tier '{better}' ({betterCredit}) but credits less");

    public static Diagnostic MoneyCreditWithoutFee(SourceText source, SourceSpan span, string what) =>
        Error(source, span, "SLA0113", $"{what} needs the contract's fee: add 'fee <amount> <currency> per month'");

    public static Diagnostic AveragesPercentiles(SourceText source, SourceSpan span, string percentile, string block) =>
        Error(source, span, "SLA0114", $"'{block}' needs the window's {percentile} from merged histograms; per-slice {percentile} values could only be averaged, and percentiles are never averaged: give histogram data or measure 'in at least N% of <slice> slices'");

    public static Diagnostic UnknownSuppressedCode(SourceText source, SourceSpan span, string code) =>
        Error(source, span, "SLA0115", $"suppress names '{code}', which is not a lint warning code (SLA1001-SLA1999)");

    public static Diagnostic SuppressionWithoutReason(SourceText source, SourceSpan span, string code) =>
        Error(source, span, "SLA0116", $"suppress {code} needs a reason: suppress {code} because \"...\"");

    public static Diagnostic SupportsUnknownSla(SourceText source, SourceSpan span, string name, IEnumerable<string> known) =>
        Error(source, span, "SLA0117", $"supports names unknown SLA '{name}'{KnownList("SLAs", known)}");

    public static Diagnostic StatedTwice(SourceText source, SourceSpan span, string what) =>
        Error(source, span, "SLA0118", $"{what} is stated twice; state it once");

    public static Diagnostic ExpectationUnknownCommitment(SourceText source, SourceSpan span, string name, IEnumerable<string> known) =>
        Error(source, span, "SLA0119", $"expect names unknown commitment '{name}'{KnownList("SLAs and KPIs", known)}");

    public static Diagnostic TestForUnknownContract(SourceText source, SourceSpan span, string name, IEnumerable<string> known) =>
        Error(source, span, "SLA0120", $"test is for unknown contract \"{name}\"{KnownList("contracts in this file", known)}");

    public static Diagnostic SlaWithoutGuarantee(SourceText source, SourceSpan span, string name) =>
        Error(source, span, "SLA0121", $"sla '{name}' guarantees nothing: add a 'guarantee' line");

    public static Diagnostic CreditMeasureNotGuaranteed(SourceText source, SourceSpan span, string measure, string sla) =>
        Error(source, span, "SLA0122", $"this credit depends on {measure}, which sla '{sla}' does not guarantee");

    public static Diagnostic IntervalEndsBeforeStart(SourceText source, SourceSpan span, string what, string start, string end) =>
        Error(source, span, "SLA0123", $"{what} ends at {end}, not after its start {start}");

    public static Diagnostic ClauseNotAllowed(SourceText source, SourceSpan span, string clause, string where) =>
        Error(source, span, "SLA0124", $"{clause} is not allowed in {where}");

    public static Diagnostic WrongValueKind(SourceText source, SourceSpan span, string what, string expected, string written) =>
        Error(source, span, "SLA0125", $"{what} compares with {expected}, not {written}");

    public static Diagnostic MissingClause(SourceText source, SourceSpan span, string what, string missing) =>
        Error(source, span, "SLA0126", $"{what} needs {missing}");

    public static Diagnostic ExpectationNotForKpi(SourceText source, SourceSpan span, string quantity, string kpi) =>
        Error(source, span, "SLA0127", $"expect {quantity} of '{kpi}': {kpi} is a KPI, and KPIs have no {quantity} (only SLAs do); expect its value or verdict");

    public static Diagnostic ContractTooLarge(SourceText source, SourceSpan span, string contract, int limit) =>
        Error(source, span, "SLA0129", $"contract \"{contract}\" has more than {limit.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} clauses, the most one contract may have (compiling costs time and memory per clause): split it into several contracts");

    /// <summary>SLA0128: a contract whose name another file of the same run already defines (a run cannot tell which one is meant).</summary>
    public static Diagnostic ContractDefinedInTwoFiles(SourceText source, SourceSpan span, string name, string firstPath, int firstLine) =>
        Error(source, span, "SLA0128", $"contract \"{name}\" is already defined in {firstPath}({firstLine}); a contract name may be defined once among the files given");

    /// <summary>SLA0145: a <c>claims</c> clause naming only a reference: the customer learns what to quote but not where to claim.</summary>
    public static Diagnostic ClaimChannelWithoutContact(SourceText source, SourceSpan span) =>
        Error(source, span, "SLA0145", "the claims clause names no contact and no portal: say where a customer claims a credit (claims contact \"credits@example.com\" or portal \"https://...\")");

    /// <summary>SLA0146: a claim portal that is not an absolute http(s) address.</summary>
    public static Diagnostic ClaimPortalNotWebAddress(SourceText source, SourceSpan span, string portal) =>
        Error(source, span, "SLA0146", $"claim portal \"{portal}\" is not a web address: write it in full, starting with https:// (or http://)");

    /// <summary>SLA0130: two contracts of one run whose names give the same statement file name (found by the pipeline).</summary>
    public static Diagnostic ContractFileNameShared(SourceText source, SourceSpan span, string name, string other, string otherPath, int otherLine, string fileName) =>
        Error(source, span, "SLA0130", $"contract \"{name}\" and contract \"{other}\" ({otherPath}({otherLine})) would both be written as {fileName}: rename one so each has its own file");

    /// <summary>SLA0150: availability averaged from interval error rates stated beside a downtime definition (they do not combine).</summary>
    public static Diagnostic AverageWithDowntimeDefinition(SourceText source, SourceSpan span) =>
        Error(source, span, "SLA0150", "availability averaged from interval error rates has no downtime to combine with a 'downtime is ...' line: state one or the other");

    /// <summary>SLA0151: "down at once in at least N services" over weighted incidents, several definitions or an averaged availability.</summary>
    public static Diagnostic AtOnceNeedsOneDefinition(SourceText source, SourceSpan span) =>
        Error(source, span, "SLA0151", "'downtime counts only when at least N services are down at once' needs one plain definition of downtime (one 'downtime is incidents ...' line without 'downtime counts N% for', or one 'downtime is each minute ...' line)");
    /// <summary>SLA0160: <c>in any N consecutive months</c> in a contract with no effective date (the months are counted from it).</summary>
    public static Diagnostic RollingCapWithoutEffectiveDate(SourceText source, SourceSpan span, int months) =>
        Error(source, span, "SLA0160", $"a cap in any {months} consecutive months counts the credits of the months before each window, from the contract's effective date: state one ('effective 2026-01-01 until 2028-01-01')");

    /// <summary>SLA0161: a rolling cap where a month is not the unit (a quarterly SLA, a yearly fee, a cap in days of service).</summary>
    public static Diagnostic RollingCapNotMonthly(SourceText source, SourceSpan span, string requirement) =>
        Error(source, span, "SLA0161", $"a cap in any N consecutive months needs monthly terms: {requirement}");

    // ----- templates and order forms, SLA0200-SLA0239 (src/Compiler/Templates) -----

    /// <summary>SLA0200: an order form (a contract <c>from template</c> or a table row) names a template no file of the run declares.</summary>
    public static Diagnostic UnknownTemplate(SourceText source, SourceSpan span, string name, IEnumerable<string> known) =>
        Error(source, span, "SLA0200", $"unknown template '{name}'{KnownList("templates", known)}");

    /// <summary>SLA0201: a parameter's value (set, default, bound or table cell) is not written as its type requires.</summary>
    public static Diagnostic ParameterValueWrongType(SourceText source, SourceSpan span, string parameter, string type, string problem) =>
        Error(source, span, "SLA0201", $"parameter '{parameter}' is a {type}: {problem}");

    /// <summary>SLA0202: a parameter's value outside the bounds the template states.</summary>
    public static Diagnostic ParameterValueOutOfBounds(SourceText source, SourceSpan span, string parameter, string value, string bound) =>
        Error(source, span, "SLA0202", $"parameter '{parameter}' = {value} is outside the template's bounds: it must be {bound}");

    /// <summary>SLA0203: a parameter with no default that the order form does not set.</summary>
    public static Diagnostic ParameterWithoutValue(SourceText source, SourceSpan span, string contract, string parameter, string type) =>
        Error(source, span, "SLA0203", $"contract \"{contract}\" gives no value for parameter '{parameter}' ({type}), which has no default: set it");

    /// <summary>SLA0204: an order form sets (or a table has a column for) a parameter the template does not declare.</summary>
    public static Diagnostic UnknownParameter(SourceText source, SourceSpan span, string name, string template, IEnumerable<string> known) =>
        Error(source, span, "SLA0204", $"template '{template}' has no parameter '{name}'{KnownList("parameters", known)}");

    /// <summary>SLA0205: a parameter declared twice in a template, or set twice in an order form.</summary>
    public static Diagnostic ParameterTwice(SourceText source, SourceSpan span, string name, string what) =>
        Error(source, span, "SLA0205", $"parameter '{name}' is {what} twice: keep one");

    /// <summary>SLA0206: an order form overrides or adds a clause (or block) where the template does not allow it.</summary>
    public static Diagnostic DeviationNotAllowed(SourceText source, SourceSpan span, string what, string template, string allowed) =>
        Error(source, span, "SLA0206", $"{what}: template '{template}' does not allow it ({allowed})");

    /// <summary>SLA0207: <c>override sla X</c> / <c>add to sla X</c> where the template has no such block.</summary>
    public static Diagnostic DeviationUnknownBlock(SourceText source, SourceSpan span, string keyword, string name, string template, IEnumerable<string> known) =>
        Error(source, span, "SLA0207", $"template '{template}' has no {keyword} '{name}'{KnownList($"{keyword} blocks", known)}");

    /// <summary>SLA0208: a <c>$parameter</c> in a template where a value of its type cannot stand (found with its default or a sample value).</summary>
    public static Diagnostic ParameterCannotStandHere(SourceText source, SourceSpan span, string name, string type, string value, string problem) =>
        Error(source, span, "SLA0208", $"`${name}` is a {type} and cannot stand here: with the value {value} this line reads wrong ({problem})");

    /// <summary>SLA0209: <c>$name</c> where the template declares no parameter of that name (or outside a template).</summary>
    public static Diagnostic UndeclaredParameter(SourceText source, SourceSpan span, string name, IEnumerable<string> known) =>
        Error(source, span, "SLA0209", $"`${name}` names no parameter of this template{KnownList("parameters", known)}");

    /// <summary>SLA0210: two templates of one run with one name.</summary>
    public static Diagnostic TemplateDeclaredTwice(SourceText source, SourceSpan span, string name, string otherPath, int otherLine) =>
        Error(source, span, "SLA0210", $"template '{name}' is already declared at {otherPath}({otherLine}); template names must be unique");

    /// <summary>SLA0211: an order form writes a contract-level clause the template states itself (fee, time zone, ...).</summary>
    public static Diagnostic OrderFormRestates(SourceText source, SourceSpan span, string kind, string template) =>
        Error(source, span, "SLA0211", $"template '{template}' states `{kind}` itself: an order form cannot restate it (the template would need a parameter for it)");

    /// <summary>SLA0212: an order-form table whose header or row cannot be read (a missing column, a row of the wrong width).</summary>
    public static Diagnostic OrderFormTableMalformed(SourceText source, SourceSpan span, string problem) =>
        Error(source, span, "SLA0212", problem);

    /// <summary>SLA0213: a template with no contract clause (only parameters and allowances): nothing to instantiate.</summary>
    public static Diagnostic TemplateWithoutClauses(SourceText source, SourceSpan span, string template) =>
        Error(source, span, "SLA0213", $"template '{template}' states no contract clause: write the schedule's clauses (service, sla, kpi, ...) in it");

    /// <summary>SLA0214: an order form's values make an error appear in the template's text (the template alone checks clean there); names the contract.</summary>
    public static Diagnostic InstanceError(SourceText source, SourceSpan span, string contract, string innerCode, string innerMessage) =>
        Error(source, span, "SLA0214", $"contract \"{contract}\" made from this template: {innerCode}: {innerMessage}");

    /// <summary>SLA0265: an amendment names a contract that no file of the run defines.</summary>
    public static Diagnostic AmendmentOfUnknownContract(SourceText source, SourceSpan span, string contract) =>
        Error(source, span, "SLA0265", $"amendment of \"{contract}\": no contract of that name is defined in the files checked (amendments name a contract as written)");

    /// <summary>SLA0266: an amendment of a contract written in full sets a value (a full contract has no parameters: its amendment changes its blocks).</summary>
    public static Diagnostic AmendmentOfFullContract(SourceText source, SourceSpan span, string contract, string name) =>
        Error(source, span, "SLA0266", $"contract \"{contract}\" is written in full: it has no parameter '{name}' to set; an amendment of it overrides or adds to its sla and kpi blocks (override sla NAME {{ ... }}, add to sla NAME {{ ... }}) and adds sla and kpi blocks");

    /// <summary>SLA0271: an amendment of a contract written in full overrides or adds to an sla or kpi block the contract does not have.</summary>
    public static Diagnostic AmendmentUnknownBlock(SourceText source, SourceSpan span, string keyword, string name, string contract, IEnumerable<string> known) =>
        Error(source, span, "SLA0271", $"contract \"{contract}\" has no {keyword} '{name}' to change{KnownList($"{keyword} blocks", known)}");

    /// <summary>SLA0267: an amendment's effective date is not strictly inside the term of the contract it amends.</summary>
    public static Diagnostic AmendmentOutsideTerm(SourceText source, SourceSpan span, string date, string contract, string term) =>
        Error(source, span, "SLA0267", $"amendment effective {date} is outside the term of contract \"{contract}\" ({term}): an amendment takes effect after the contract starts and before it ends");

    /// <summary>SLA0268: two amendments of one contract take effect on the same date (which one wins would be a guess).</summary>
    public static Diagnostic AmendmentsOnOneDate(SourceText source, SourceSpan span, string contract, string date, string otherPath, int otherLine) =>
        Error(source, span, "SLA0268", $"contract \"{contract}\" already has an amendment effective {date} ({otherPath} line {otherLine}): write both changes in one amendment");

    /// <summary>SLA0269: a clause an amendment cannot change (it sets values, overrides or adds to blocks, and adds SLAs and KPIs).</summary>
    public static Diagnostic AmendmentClauseNotAllowed(SourceText source, SourceSpan span, string kind) =>
        Error(source, span, "SLA0269", $"an amendment cannot state `{kind}`: it sets values (set ...), overrides or adds to sla and kpi blocks, and adds sla and kpi blocks");

    /// <summary>SLA0270: an amendment sets the contract's start (the start of a contract already signed cannot move; its effective date is the amendment's).</summary>
    public static Diagnostic AmendmentMovesStart(SourceText source, SourceSpan span, string from, string to) =>
        Error(source, span, "SLA0270", $"this amendment moves the contract's start from {from} to {to}: a signed contract's start stays; the terms an amendment changes start on its effective date");

    private static string KnownList(string what, IEnumerable<string> known)
    {
        var names = known.Distinct().Order(StringComparer.Ordinal).ToList();
        return names.Count == 0 ? $" (no {what})" : $" ({what}: {string.Join(", ", names)})";
    }

    // (end of semantic errors)



    // ---------------------------------------------------------------------------------------------------------
    // Lint warnings, SLA1000-SLA1999 (src/Compiler/Rules, one rule a file).
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>Titles of the lint codes (SARIF rule descriptions, docs); each rule in Compiler/Rules also has its code as a constant.</summary>
    public static readonly IReadOnlyDictionary<string, string> LintTitles = new Dictionary<string, string>
    {
        ["SLA1001"] = "SLA without a supporting KPI",
        ["SLA1002"] = "Supporting KPI without a safety margin",
        ["SLA1003"] = "SLA guarantees a resolution time",
        ["SLA1004"] = "Exclusions without stated accounting",
        ["SLA1005"] = "Credits without a cap",
        ["SLA1006"] = "Time zone unstated",
        ["SLA1007"] = "Credit tier gap",
        ["SLA1008"] = "Monthly target in fixed minutes",
        ["SLA1045"] = "Claim deadline without a claim channel",
        ["SLA1050"] = "Credit tier pays while the target is met",
        ["SLA1055"] = "Commitment this version cannot evaluate",
        ["SLA1075"] = "Deviation from the template",
        ["SLA1095"] = "Amendment in words",
        ["SLA1076"] = "Template parameter never used",
        ["SLA1900"] = "Unused suppression",
    };

    private static Diagnostic Hint(SourceText source, SourceSpan span, string code, string message) =>
        new(source, span, DiagnosticSeverity.Info, code, message);

    public static Diagnostic SlaWithoutSupportingKpi(SourceText source, SourceSpan span, string sla) =>
        Warning(source, span, "SLA1001", $"sla '{sla}' has no supporting KPI: an SLA without a KPI is a fire alarm without a smoke detector; add a kpi with 'supports {sla}'");

    public static Diagnostic KpiWithoutSafetyMargin(SourceText source, SourceSpan span, string kpi, string kpiTarget, string sla, string slaTarget) =>
        Warning(source, span, "SLA1002", $"kpi '{kpi}' target {kpiTarget} is not stricter than sla '{sla}' target {slaTarget}: without a safety margin the KPI warns only when the SLA is already breached");

    public static Diagnostic GuaranteesResolutionTime(SourceText source, SourceSpan span, string sla) =>
        Warning(source, span, "SLA1003", $"sla '{sla}' guarantees a resolution time: incident complexity varies, so this is a risky contractual liability; guarantee response and track resolution as a KPI");

    public static Diagnostic ExclusionsWithoutAccounting(SourceText source, SourceSpan span, string sla) =>
        Warning(source, span, "SLA1004", $"sla '{sla}' has exclusions but does not state their accounting; the default applies: excluded time counts as available (removed from downtime only). State 'excluded time counts as available' or 'excluded time is removed from the measured period'");

    public static Diagnostic CreditsWithoutCap(SourceText source, SourceSpan span, string sla) =>
        Warning(source, span, "SLA1005", $"sla '{sla}' grants credits without a cap: add 'credits capped at <N>% of fee per month'");

    public static Diagnostic TimeZoneUnstated(SourceText source, SourceSpan span, string contract) =>
        Warning(source, span, "SLA1006", $"contract \"{contract}\" states no time zone; windows are cut at UTC midnights. State it: time zone \"UTC\" or an IANA id");

    public static Diagnostic CreditTierGap(SourceText source, SourceSpan span, string uncovered, string between) =>
        Warning(source, span, "SLA1007", $"no credit tier covers {uncovered}{between}");

    public static Diagnostic MonthlyTargetInFixedMinutes(SourceText source, SourceSpan span, string budget, string window) =>
        Warning(source, span, "SLA1008", $"a downtime budget of {budget} {window} is a different percentage in windows of different lengths (28- to 31-day months, DST months); state an availability percentage");

    /// <summary>SLA1045: an SLA sets a claim deadline but the contract does not say how to claim (no <c>claims</c> clause).</summary>
    public static Diagnostic ClaimChannelUnstated(SourceText source, SourceSpan span, string sla) =>
        Warning(source, span, "SLA1045", $"sla '{sla}' sets a claim deadline but the contract does not say how to claim: add a claims clause (claims contact \"...\" portal \"https://...\" reference \"...\"); the statement prints it with the deadline");

    /// <summary>SLA1050: a credit tier that holds for a value that meets the guarantee's target (a credit while met).</summary>
    public static Diagnostic CreditTierPaysWhileMet(SourceText source, SourceSpan span, string tier, string target, string overlap, string bound) =>
        Warning(source, span, "SLA1050", $"credit tier '{tier}' pays while the target '{target}' is met: at {overlap} the SLA is met and this credit is due; its bound '{bound}' includes values that meet the target");

    /// <summary>SLA1055: an SLA or KPI target this version of sla compiles to "not yet supported": every statement and report would say so instead of a result.</summary>
    public static Diagnostic NotEvaluable(SourceText source, SourceSpan span, string kind, string block, string reason) =>
        Warning(source, span, "SLA1055", $"{kind} '{block}' cannot be evaluated by this version of sla (not yet supported: {reason}): every evaluation, statement and report will say so instead of giving a result");

    /// <summary>SLA1095: an amendment of a contract, in words: from when, by which rule, and what it changes.</summary>
    public static Diagnostic AmendmentInWords(SourceText source, SourceSpan span, string contract, string date, string rule, string changes) =>
        Hint(source, span, "SLA1095", $"contract \"{contract}\" is amended from {date} ({rule}): {changes}");

    /// <summary>SLA1075: what an order form changes in its template, in words (a hint for reviewers, not a fault).</summary>
    public static Diagnostic DeviationFromTemplate(SourceText source, SourceSpan span, string contract, string template, string change) =>
        Hint(source, span, "SLA1075", $"contract \"{contract}\" deviates from template '{template}': {change}");

    /// <summary>SLA1076: a template parameter no line uses (its value would change nothing).</summary>
    public static Diagnostic UnusedParameter(SourceText source, SourceSpan span, string name) =>
        Warning(source, span, "SLA1076", $"parameter '{name}' is never used in the template: a value for it changes nothing; use it as ${name} or remove it");

    public static Diagnostic UnusedSuppression(SourceText source, SourceSpan span, string code) =>
        Hint(source, span, "SLA1900", $"suppress {code} is unused: nothing here reports {code}; remove it");

    // (end of lint warnings)



    // ---------------------------------------------------------------------------------------------------------
    // Scenario test failures, SLA2000-SLA2099 (src/Compiler/Testing, `sla test`): an expectation of a contract's own
    // `test` block does not hold. Errors in the contract's promises or in the test's arithmetic, never in this tool.
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>SLA2001: the evaluated quantity differs from the expected value (compared exactly, after the written rounding only).</summary>
    public static Diagnostic ExpectationNotMet(SourceText source, SourceSpan span, string test, string expectation, string expected, string actual) =>
        Error(source, span, "SLA2001", $"test \"{test}\": {expectation}: expected {expected}, actual {actual}");

    /// <summary>SLA2002: the commitment has no result for the test's period (not yet supported, outside the effective range, another window kind): a failure, never a pass.</summary>
    public static Diagnostic ExpectationNotEvaluated(SourceText source, SourceSpan span, string test, string expectation, string reason) =>
        Error(source, span, "SLA2002", $"test \"{test}\": {expectation}: expected a value, but the commitment was not evaluated: {reason}");

    /// <summary>SLA2003: the evaluation produced no such quantity for this commitment (e.g. downtime of a request-based SLA).</summary>
    public static Diagnostic ExpectationHasNoSuchQuantity(SourceText source, SourceSpan span, string test, string expectation, string why) =>
        Error(source, span, "SLA2003", $"test \"{test}\": {expectation}: {why}");

    /// <summary>SLA2004: test evidence the runtime's data model cannot hold (an impact other than outage, degraded, partial, none).</summary>
    public static Diagnostic EvidenceNotRepresentable(SourceText source, SourceSpan span, string test, string what) =>
        Error(source, span, "SLA2004", $"test \"{test}\": {what}");

    // (end of scenario test failures)



    // ---------------------------------------------------------------------------------------------------------
    // Internal failures, SLA9000-SLA9999: always a bug in this tool, never in the contract.
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>SLA9001: Roslyn rejected C# that this tool generated. <paramref name="generated"/> is the saved source.</summary>
    public static Diagnostic GeneratedCodeDoesNotCompile(
        SourceText generated, SourceSpan span, string roslynCode, string roslynMessage, string savedTo) =>
        Error(generated, span, "SLA9001",
            $"internal compiler error: the generated C# does not compile ({roslynCode}: {roslynMessage}). This is a bug " +
            $"in the SLA compiler, not in the contract; the generated source was saved to '{savedTo}' for the bug report.");

    /// <summary>SLA9002: generated C# uses an API outside the evaluator sandbox (file, network, process, reflection...).</summary>
    public static Diagnostic GeneratedCodeLeavesSandbox(
        SourceText generated, SourceSpan span, string violation, string savedTo) =>
        Error(generated, span, "SLA9002",
            $"internal compiler error: the generated C# leaves the evaluator sandbox: {violation}. Evaluators may only " +
            $"use System (exact value types), System.Collections, System.Linq, NodaTime and SlaKpiDsl.Runtime; the " +
            $"generated source was saved to '{savedTo}' for the bug report.");

    // (end of internal failures)
}
