using CsCheck;
using NodaTime;
using NodaTime.Text;
using SlaKpiDsl.Cli;
using Xunit;

namespace SlaKpiDsl.Cli.Tests;

/// <summary>
/// <c>--as-of</c> reads its two common forms directly and the rest by NodaTime's ExtendedIso pattern: either way, the
/// texts accepted and the instants read are the pattern's.
/// </summary>
public sealed class AsOfTests
{
    private static Instant? ByPattern(string text) => OffsetDateTimePattern.ExtendedIso.Parse(text) is { Success: true } r ? r.Value.ToInstant() : null;

    /// <summary>Texts of the two direct forms and near them: any digits, offsets up to and past 18 hours, signs, letters, lengths.</summary>
    private static readonly Gen<string> Texts =
        from year in Gen.OneOf(Gen.Int[0, 9999], Gen.Int[1990, 2040])
        from month in Gen.Int[0, 13]
        from day in Gen.Int[0, 32]
        from hour in Gen.Int[0, 25]
        from minute in Gen.Int[0, 60]
        from second in Gen.Int[0, 60]
        from offset in Gen.OneOf(Gen.Const("Z"), Gen.Const("z"), Gen.Const("+00:00"), Gen.Const("-00:00"), Gen.Const("+18:00"), Gen.Const("-18:00"),
            Gen.Const("+18:01"), Gen.Const("+05"), Gen.Const(""), Gen.Const("+0530"),
            from sign in Gen.Char["+-"] from h in Gen.Int[0, 19] from m in Gen.Int[0, 60] select $"{sign}{h:D2}:{m:D2}")
        from separator in Gen.OneOf(Gen.Const('T'), Gen.Const('T'), Gen.Const('t'), Gen.Const(' '))
        select $"{year:D4}-{month:D2}-{day:D2}{separator}{hour:D2}:{minute:D2}:{second:D2}{offset}";

    [Fact]
    public void As_of_texts_read_as_NodaTimes_pattern_reads_them() =>
        Texts.Sample(text => Assert.Equal(ByPattern(text), Arguments.ParseInstant(text)), iter: 20000);

    [Theory]
    [InlineData("2026-12-01T06:00:00Z")]
    [InlineData("2026-12-01T01:00:00-05:00")]
    [InlineData("2024-02-29T23:59:59+14:00")]
    [InlineData("2026-02-29T00:00:00Z")]
    [InlineData("2026-12-01T06:00:00.5Z")]
    [InlineData("2026-12-01T06:00Z")]
    [InlineData("2026-12-01T06:00:00")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("2026-12-01T06:00:00-00:00")]
    public void Edge_texts_read_as_NodaTimes_pattern_reads_them(string text) => Assert.Equal(ByPattern(text), Arguments.ParseInstant(text));

    [Fact]
    public void The_common_form_reads_the_instant_written() =>
        Assert.Equal(Instant.FromUtc(2026, 12, 1, 11, 0), Arguments.ParseInstant("2026-12-01T06:00:00-05:00"));
}
