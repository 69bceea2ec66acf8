using SlaKpiDsl.Runtime.Caching;

namespace SlaKpiDsl.Runtime.Tests.Caching;

public sealed class NoReplaceMoveTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "noreplace-" + Guid.NewGuid().ToString("N"));

    public NoReplaceMoveTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_free_name_is_taken_and_the_temp_name_is_gone()
    {
        var temp = Write("a.tmp", "mine");
        var target = Path.Combine(_folder, "statement.pdf");

        Assert.True(NoReplaceMove.TryMove(temp, target));
        Assert.Equal("mine", File.ReadAllText(target));
        Assert.False(File.Exists(temp));
    }

    [Fact]
    public void A_taken_name_keeps_its_file_and_the_temp_file_stays_for_the_caller()
    {
        var target = Write("statement.pdf", "the user's");
        var temp = Write("a.tmp", "mine");

        Assert.False(NoReplaceMove.TryMove(temp, target));
        Assert.Equal("the user's", File.ReadAllText(target));
        Assert.Equal("mine", File.ReadAllText(temp));
    }

    [Fact]
    public void Of_many_racing_for_one_name_exactly_one_wins_and_its_file_is_the_one_named()
    {
        // File.Move(overwrite: false) checks and then renames on Unix: racing movers each "won" and the last one's
        // file replaced the others'. Many rounds, eight movers each.
        for (var round = 0; round < 40; round++)
        {
            var target = Path.Combine(_folder, $"key-{round}");
            var temps = Enumerable.Range(0, 8).Select(i => Write($"r{round}-{i}.tmp", $"mover {i}")).ToArray();
            var won = temps.AsParallel().WithDegreeOfParallelism(8).Select(t => (Temp: t, Won: NoReplaceMove.TryMove(t, target))).ToList();

            var winner = Assert.Single(won, w => w.Won);
            Assert.Equal($"mover {Array.IndexOf(temps, winner.Temp)}", File.ReadAllText(target));
            Assert.All(won.Where(w => !w.Won), w => Assert.True(File.Exists(w.Temp)));
        }
    }
}
