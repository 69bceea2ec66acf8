using CsCheck;
using NodaTime;
using NodaTime.Text;
using SlaKpiDsl.Runtime.Data;

namespace SlaKpiDsl.Runtime.Tests.Data;

public class InstantTextTests
{
    [Theory]
    [InlineData("2026-11-10T09:00:00-05:00", "2026-11-10T14:00:00Z")]
    [InlineData("2026-11-10T14:00:00Z", "2026-11-10T14:00:00Z")]
    [InlineData("2026-11-10T14:00Z", "2026-11-10T14:00:00Z")]                      // seconds optional
    [InlineData("2026-11-10T14:00:00.5Z", "2026-11-10T14:00:00.5Z")]               // fractional seconds
    [InlineData("2026-11-10T14:00:00.1234567+01:00", "2026-11-10T13:00:00.1234567Z")]
    [InlineData("2026-11-10T14:00:00.123456700+01:00", "2026-11-10T13:00:00.1234567Z")] // nine digits, whole ticks
    [InlineData("2026-03-08T01:59:59-05:00", "2026-03-08T06:59:59Z")]
    [InlineData("2024-02-29T00:00:00+05:30", "2024-02-28T18:30:00Z")]               // leap day, half-hour offset
    public void Timestamps_with_offset_parse_to_the_exact_instant(string text, string utc)
    {
        Assert.Equal(InstantParseStatus.Ok, InstantText.TryParse(text, null, out var instant));
        Assert.Equal(InstantPattern.ExtendedIso.Parse(utc).Value, instant);
    }

    [Theory]
    [InlineData("2026-11-10 14:00:00Z")]          // space instead of T
    [InlineData("2026-11-10T14:00:00")]           // no offset: see the missing-offset test
    [InlineData("2026-02-29T00:00:00Z")]          // 2026 is not a leap year
    [InlineData("2026-11-10T24:00:00Z")]          // hour 24
    [InlineData("2026-11-10T14:00:00.Z")]         // empty fraction
    [InlineData("2026-11-10T14:00:00.1234567891Z")] // ten fraction digits
    [InlineData("2026-11-10T14:00:00+0500")]      // offset without colon
    [InlineData("2026-11-10T14:00:00+19:00")]     // offset beyond 18 hours
    [InlineData("10/11/2026 14:00")]              // culture formats are never guessed
    [InlineData("2026-11-10T14:00:00ZZ")]
    public void Other_texts_are_rejected(string text) =>
        Assert.NotEqual(InstantParseStatus.Ok, InstantText.TryParse(text, null, out _));

    [Theory]
    [InlineData("2026-11-10T14:00:00.123456789Z")]   // 89 ns past a tick
    [InlineData("2026-11-10T14:00:00.000000001Z")]   // 1 ns
    [InlineData("2026-11-10T14:00:00.12345678-05:00")] // 8 digits: 80 ns past a tick
    public void A_fraction_finer_than_a_tick_is_refused_not_truncated(string text)
    {
        // docs/semantics.md "One time precision": the kernels count 100 ns ticks, so a finer instant is an error, never cut.
        Assert.Equal(InstantParseStatus.FinerThanTick, InstantText.TryParse(text, null, out _));
        Assert.Equal(InstantParseStatus.FinerThanTick, InstantText.TryParse(text.Replace("Z", "", StringComparison.Ordinal), DateTimeZone.Utc, out _));
    }

    [Theory]
    [InlineData("2026-11-10T14:00:00.1234567891Z")]        // ten digits
    [InlineData("2026-11-10T14:00:00.1234567000000-05:00")] // whole ticks, but thirteen digits
    [InlineData("2026-11-10T14:00:00.0000000000")]          // eleven digits, local time (a zone is declared below)
    public void A_fraction_of_more_than_nine_digits_is_named_as_such(string text)
    {
        // The text is a timestamp but for its fraction's length: the error says that, not "not an ISO 8601 timestamp".
        Assert.Equal(InstantParseStatus.TooManyFractionDigits, InstantText.TryParse(text, DateTimeZone.Utc, out _));
    }

    [Theory]
    [InlineData("2026-11-10T14:00:00.1234567891+0500")] // long fraction, and the offset lacks its colon
    [InlineData("2026-13-10T14:00:00.1234567891Z")]     // long fraction, and no month 13
    [InlineData("2026-11-10T24:00:00.1234567891Z")]     // long fraction, and no hour 24
    public void A_long_fraction_in_a_text_wrong_elsewhere_too_is_not_a_timestamp(string text) =>
        Assert.Equal(InstantParseStatus.Invalid, InstantText.TryParse(text, null, out _));

    [Fact]
    public void A_local_time_needs_a_declared_zone()
    {
        Assert.Equal(InstantParseStatus.MissingOffset, InstantText.TryParse("2026-11-10T14:00:00", null, out _));
        var newYork = DateTimeZoneProviders.Tzdb["America/New_York"];
        Assert.Equal(InstantParseStatus.Ok, InstantText.TryParse("2026-11-10T09:00:00", newYork, out var instant));
        Assert.Equal(Instant.FromUtc(2026, 11, 10, 14, 0), instant);
        Assert.Equal(InstantParseStatus.AmbiguousOrSkipped, InstantText.TryParse("2026-11-01T01:00:00", newYork, out _));
        Assert.Equal(InstantParseStatus.AmbiguousOrSkipped, InstantText.TryParse("2026-03-08T02:00:00", newYork, out _));
    }

    [Fact]
    public void Agrees_with_NodaTime_on_every_offset_date_time_it_formats()
    {
        var pattern = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFFFo<+HH:mm>");
        var gen = Gen.Select(Gen.Long[Instant.FromUtc(1, 1, 2, 0, 0).ToUnixTimeTicks(), Instant.FromUtc(9999, 12, 30, 0, 0).ToUnixTimeTicks()],
            Gen.Int[-18 * 4, 18 * 4], Gen.Int[0, 99],
            (ticks, quarterHours, nanos) => Instant.FromUnixTimeTicks(ticks).PlusNanoseconds(nanos).WithOffset(Offset.FromSeconds(quarterHours * 900)));
        gen.Sample(value =>
        {
            var text = pattern.Format(value);
            var expected = pattern.Parse(text).Value.ToInstant();
            if (value.NanosecondOfSecond % 100 != 0)
            {
                // Finer than a tick: refused (the one precision policy), where NodaTime would keep the nanoseconds.
                Assert.Equal(InstantParseStatus.FinerThanTick, InstantText.TryParse(text, null, out _));
                return;
            }
            Assert.Equal(InstantParseStatus.Ok, InstantText.TryParse(text, null, out var actual));
            Assert.Equal(expected, actual);
            Assert.Equal(InstantParseStatus.Ok, InstantText.TryParse(InstantText.Format(actual), null, out var roundTripped));
            Assert.Equal(actual, roundTripped);
        });
    }

    [Fact]
    public void Format_writes_exactly_what_NodaTime_extended_iso_writes()
    {
        // Whole instants of years 1-9999 at tick precision (the fast path), and some at nanosecond precision and
        // outside those years (the NodaTime fallback): the same text either way.
        var ticks = Gen.Long[Instant.FromUtc(1, 1, 1, 0, 0).ToUnixTimeTicks(), Instant.FromUtc(9999, 12, 31, 23, 59, 59).ToUnixTimeTicks()];
        ticks.Sample(t =>
        {
            var instant = Instant.FromUnixTimeTicks(t);
            Assert.Equal(InstantPattern.ExtendedIso.Format(instant), InstantText.Format(instant));
            var whole = Instant.FromUnixTimeSeconds(t / NodaConstants.TicksPerSecond);
            Assert.Equal(InstantPattern.ExtendedIso.Format(whole), InstantText.Format(whole));
            var nanos = instant.PlusNanoseconds(t % 97 + 1);
            Assert.Equal(InstantPattern.ExtendedIso.Format(nanos), InstantText.Format(nanos));
        }, iter: 20_000);
        foreach (var edge in new[] { Instant.MinValue, Instant.MaxValue, Instant.FromUtc(1, 1, 1, 0, 0), Instant.FromUtc(0, 12, 31, 23, 59), NodaConstants.UnixEpoch,
                     Instant.FromUtc(2024, 2, 29, 12, 0).PlusTicks(1), Instant.FromUtc(1969, 12, 31, 23, 59, 59).PlusTicks(9_999_999) })
            Assert.Equal(InstantPattern.ExtendedIso.Format(edge), InstantText.Format(edge));
    }
}
