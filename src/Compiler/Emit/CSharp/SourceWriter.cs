using System.Text;

namespace SlaKpiDsl.Compiler.Emit.CSharp;

/// <summary>
/// Builds generated C# line by line with four-space indentation and <c>\n</c> line ends. Invariant: the writer never
/// accepts a raw contract string: <see cref="Line"/> takes code the emitter composed from constant text plus
/// <see cref="CSharpText"/> output, and rejects any new-line character inside a line so that one call is one line.
/// </summary>
public sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public int Depth => _depth;

    /// <summary>One line of code at the current indentation. An empty string writes an empty line.</summary>
    public SourceWriter Line(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.AsSpan().IndexOfAny("\r\n\u0085\u2028\u2029") >= 0)
            throw new ArgumentException("a line of generated code must not contain a line break", nameof(code));
        if (code.Length > 0) _text.Append(' ', _depth * 4).Append(code);
        _text.Append('\n');
        return this;
    }

    public SourceWriter Line() => Line(string.Empty);

    /// <summary>A <c>//</c> comment whose text comes from anywhere (contract text included), made safe by <see cref="CSharpText.Comment"/>.</summary>
    public SourceWriter Comment(string text) => Line(CSharpText.Comment(text));

    /// <summary>The <c>// clause 3.1</c> marker carried over from the contract, so a reviewer can follow the C# clause by clause.</summary>
    public SourceWriter Clause(string clause) => Comment("clause " + clause);

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until the returned scope is disposed.</summary>
    public BlockScope Block(string header)
    {
        Line(header);
        Line("{");
        _depth++;
        return new BlockScope(this, string.Empty);
    }

    /// <summary>Like <see cref="Block"/> but closes with <c>};</c> or another suffix (object initialisers, collection expressions).</summary>
    public BlockScope Block(string header, string closingSuffix)
    {
        Line(header);
        Line("{");
        _depth++;
        return new BlockScope(this, closingSuffix);
    }

    private void Close(string closingSuffix)
    {
        if (_depth == 0) throw new InvalidOperationException("block closed more often than opened");
        _depth--;
        Line("}" + closingSuffix);
    }

    public override string ToString()
    {
        if (_depth != 0) throw new InvalidOperationException($"{_depth} block(s) still open");
        return _text.ToString();
    }

    /// <summary>Closes its block once, when disposed.</summary>
    public readonly struct BlockScope : IDisposable
    {
        private readonly SourceWriter _writer;
        private readonly string _closingSuffix;

        internal BlockScope(SourceWriter writer, string closingSuffix)
        {
            _writer = writer;
            _closingSuffix = closingSuffix;
        }

        public void Dispose() => _writer.Close(_closingSuffix);
    }
}
