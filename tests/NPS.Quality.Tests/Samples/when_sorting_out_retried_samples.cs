using NPS.Quality.Samples;
using Shouldly;

namespace NPS.Quality.Tests.Samples;

/// <summary>The idempotency rule without a database: new, exact duplicate, or the same id with other content.</summary>
public sealed class when_sorting_out_retried_samples
{
    private static readonly DateTimeOffset Start = new(2017, 10, 2, 9, 0, 0, TimeSpan.FromHours(2));

    private static RecordedSample Sample(string id, int minutes) => new(id, "ACC-01-ATTENTE", Start, Start.AddMinutes(minutes),
        "file_attente", null, minutes, "minutes", new DateOnly(2017, 10, 2),
        SampleRules.Hash("ACC-01-ATTENTE", Start, Start.AddMinutes(minutes), "file_attente", null));

    [Fact]
    public void an_id_stored_with_the_same_content_is_a_duplicate_and_not_written_again()
    {
        var stored = new Dictionary<string, string> { ["S-1"] = Sample("S-1", 12).ContentHash };
        var (fresh, duplicates, conflict) = SampleWriting.SortOut(stored, [Sample("S-1", 12), Sample("S-2", 5)]);
        fresh.Select(s => s.SampleId).ShouldBe(["S-2"]);
        duplicates.ShouldBe(1);
        conflict.ShouldBeNull();
    }

    [Fact]
    public void an_id_stored_with_other_content_is_a_conflict_that_writes_nothing_and_names_it()
    {
        var stored = new Dictionary<string, string> { ["S-1"] = Sample("S-1", 12).ContentHash };
        var (fresh, _, conflict) = SampleWriting.SortOut(stored, [Sample("S-1", 13), Sample("S-2", 5)]);
        fresh.ShouldBeEmpty();
        conflict!.Status.ShouldBe(409);
        conflict.Detail!.ShouldContain("S-1");
        conflict.Extensions["sampleIds"].ShouldBe(new List<string> { "S-1" });
    }

    [Theory]
    [InlineData(null)]
    [InlineData("arrivée à 9 h, « urgence » signalée")]
    [InlineData(1_000)]
    public void the_content_hash_is_the_one_stored_since_the_first_sample(object? comment)
    {
        // Retries compare against hashes stored by every earlier version: the formula may be computed faster, never changed.
        var text = comment is int length ? string.Concat(Enumerable.Repeat("é", length)) : (string?)comment;
        var end = Start.AddMinutes(12).AddTicks(7);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            $"ACC-01-ATTENTE\n{Start.UtcTicks}\n{end.UtcTicks}\nfile_attente\n{text}")))[..32];
        SampleRules.Hash("ACC-01-ATTENTE", Start, end, "file_attente", text).ShouldBe(expected);
    }
}
