using System.Text;
using SlaKpiDsl.Reports.Pdf;

namespace SlaKpiDsl.Reports.Tests;

/// <summary>
/// The statement batch's writer (<see cref="OutputBatch"/>): files get their names group by group after one flush, and
/// keep the single write's guarantees: no partial file under a statement's name, no existing file replaced without
/// overwriting (even one that appears after the check), nothing left behind by a batch given up midway.
/// </summary>
public class OutputBatchTests
{
    private static RenderedStatement Statement(string text) =>
        new(Encoding.ASCII.GetBytes("%PDF " + text), Encoding.ASCII.GetBytes("{\"s\":\"" + text + "\"}"), "hash", 1, [], []);

    private static string[] Names(string dir) => [.. Directory.GetFiles(dir).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_statement_gets_both_files_in_groups_and_no_temporary_file_is_left()
    {
        var dir = TestSupport.TempDir("batch-groups");
        using (var batch = new OutputBatch(dir, overwrite: false, groupSize: 2))
        {
            for (var i = 0; i < 5; i++)
            {
                var (paths, problem) = batch.Add(i, Statement("s" + i), "c" + i);
                Assert.Null(problem);
                Assert.Equal(Path.Combine(dir, "c" + i + ".pdf"), paths.PdfPath);
                // Full groups are committed in the background as they fill (never more); the fifth statement waits for Complete.
                Assert.True(Directory.GetFiles(dir, "c*.pdf").Length <= (i + 1) / 2 * 2);
            }
            Assert.Empty(batch.Complete());
        }
        Assert.Equal(["c0.json", "c0.pdf", "c1.json", "c1.pdf", "c2.json", "c2.pdf", "c3.json", "c3.pdf", "c4.json", "c4.pdf"], Names(dir));
        Assert.Equal("%PDF s3", File.ReadAllText(Path.Combine(dir, "c3.pdf")));
        Assert.Equal("{\"s\":\"s3\"}", File.ReadAllText(Path.Combine(dir, "c3.json")));
        Assert.Empty(Directory.GetFiles(dir, ".*"));
    }

    [Fact]
    public void An_existing_file_is_kept_without_overwrite_and_replaced_with_it()
    {
        var dir = TestSupport.TempDir("batch-existing");
        File.WriteAllText(Path.Combine(dir, "c1.json"), "the user's");
        using (var batch = new OutputBatch(dir, overwrite: false))
        {
            Assert.Null(batch.Add(0, Statement("s0"), "c0").Problem);
            Assert.Equal($"{Path.Combine(dir, "c1.json")} already exists and was left unchanged; pass --overwrite to replace it, or write to another -o/--output directory",
                batch.Add(1, Statement("s1"), "c1").Problem);
            Assert.Empty(batch.Complete());
        }
        Assert.Equal(["c0.json", "c0.pdf", "c1.json"], Names(dir));
        Assert.Equal("the user's", File.ReadAllText(Path.Combine(dir, "c1.json")));

        using (var batch = new OutputBatch(dir, overwrite: true))
        {
            Assert.Null(batch.Add(1, Statement("s1"), "c1").Problem);
            Assert.Empty(batch.Complete());
        }
        Assert.Equal("{\"s\":\"s1\"}", File.ReadAllText(Path.Combine(dir, "c1.json")));
        Assert.Equal("%PDF s1", File.ReadAllText(Path.Combine(dir, "c1.pdf")));
    }

    [Fact]
    public void A_file_that_appears_before_the_commit_is_kept_and_the_statement_fails_without_its_json()
    {
        var dir = TestSupport.TempDir("batch-late");
        using var batch = new OutputBatch(dir, overwrite: false);
        Assert.Null(batch.Add(0, Statement("s0"), "c0").Problem);
        Assert.Null(batch.Add(1, Statement("s1"), "c1").Problem);
        // Someone writes c1.pdf between the check and the rename: the rename refuses, the batch's c1.json is taken back.
        File.WriteAllText(Path.Combine(dir, "c1.pdf"), "someone else's");
        var late = batch.Complete();
        Assert.Equal([1], late.Keys);
        Assert.Contains("c1.pdf already exists and was left unchanged", late[1], StringComparison.Ordinal);
        Assert.Equal("someone else's", File.ReadAllText(Path.Combine(dir, "c1.pdf")));
        Assert.Equal(["c0.json", "c0.pdf", "c1.pdf"], Names(dir));
        Assert.Empty(Directory.GetFiles(dir, ".*"));
    }

    [Fact]
    public void A_batch_given_up_midway_leaves_no_file_of_its_uncommitted_statements()
    {
        var dir = TestSupport.TempDir("batch-abandoned");
        File.WriteAllText(Path.Combine(dir, "c0.pdf"), "the user's");
        using (var batch = new OutputBatch(dir, overwrite: true, groupSize: 3))
        {
            Assert.Null(batch.Add(0, Statement("s0"), "c0").Problem);
            Assert.Null(batch.Add(1, Statement("s1"), "c1").Problem);
            // No Complete: the batch failed (an exception) before its end.
        }
        Assert.Equal(["c0.pdf"], Names(dir));
        Assert.Equal("the user's", File.ReadAllText(Path.Combine(dir, "c0.pdf")));
        Assert.Empty(Directory.GetFiles(dir, ".*"));
    }

    [Fact]
    public void Statements_added_from_many_threads_are_all_named_after_complete_with_their_own_bytes()
    {
        var dir = TestSupport.TempDir("batch-threads");
        using (var batch = new OutputBatch(dir, overwrite: false, groupSize: 3))
        {
            Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => Assert.Null(batch.Add(i, Statement("s" + i), "c" + i).Problem));
            Assert.Empty(batch.Complete());
        }
        Assert.Equal(80, Names(dir).Length);
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal("%PDF s" + i, File.ReadAllText(Path.Combine(dir, "c" + i + ".pdf")));
            Assert.Equal("{\"s\":\"s" + i + "\"}", File.ReadAllText(Path.Combine(dir, "c" + i + ".json")));
        }
        Assert.Empty(Directory.GetFiles(dir, ".*"));
    }
}
