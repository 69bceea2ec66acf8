using SlaKpiDsl.Compiler.Emit.CSharp;

namespace SlaKpiDsl.Compiler.Tests.Emit;

public sealed class SourceWriterTests
{
    [Fact]
    public void Blocks_indent_by_four_spaces_and_close_with_their_suffix()
    {
        var writer = new SourceWriter();
        using (writer.Block("class A"))
        {
            writer.Clause("3.1");
            using (writer.Block("int[] x = new int[]", ";")) writer.Line("1,");
        }
        Assert.Equal("class A\n{\n    // clause 3.1\n    int[] x = new int[]\n    {\n        1,\n    };\n}\n", writer.ToString());
    }

    [Theory]
    [InlineData("a\nb")]      // LF
    [InlineData("a\rb")]      // CR
    [InlineData("a\u2028b")]  // line separator
    [InlineData("a\u0085b")]  // next line
    public void Line_refuses_embedded_line_breaks(string code) =>
        Assert.Throws<ArgumentException>(() => new SourceWriter().Line(code));

    [Fact]
    public void Unclosed_block_is_a_bug_not_truncated_output()
    {
        var writer = new SourceWriter();
        writer.Block("class A");
        Assert.Throws<InvalidOperationException>(() => writer.ToString());
    }

    [Fact]
    public void Empty_line_has_no_indentation()
    {
        var writer = new SourceWriter();
        using (writer.Block("x")) writer.Line();
        Assert.Equal("x\n{\n\n}\n", writer.ToString());
    }
}
