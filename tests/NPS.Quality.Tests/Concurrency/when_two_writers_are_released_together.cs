using Alba;
using NPS.Quality.Audits;
using NPS.Quality.Tests.Audits;
using NPS.Quality.Tests.Infrastructure;
using NPS.Quality.Tests.Samples;
using Shouldly;

namespace NPS.Quality.Tests.Concurrency;

/// <summary>
/// Real command runs raced through HTTP: both requests are built first, then released together, so both read the
/// store before either commits (Marten's own suite proves its concurrency the same way, with two live sessions).
/// </summary>
public sealed class when_two_writers_are_released_together(AppFixture fixture) : AuditContext(fixture)
{
    private const int Rounds = 5;

    private async Task<IScenarioResult[]> Together(params Func<Task<IScenarioResult>>[] calls)
    {
        using var gate = new SemaphoreSlim(0);
        var running = calls.Select(async call => { await gate.WaitAsync(Ct); return await call(); }).ToArray();
        gate.Release(calls.Length);
        return await Task.WhenAll(running);
    }

    [Fact]
    public async Task two_identical_imports_count_every_sample_once_and_both_answer_200()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        for (var round = 0; round < Rounds; round++)
        {
            var csv = SampleHelpers.WaitingRows(200, prefix: $"R{round}-");
            Task<IScenarioResult> Import() => Host.Scenario(s =>
            {
                s.WithRequestHeader("Authorization", $"Bearer {lead}");
                s.PostCsv("/api/sites/paris-11/samples/import", csv);
                s.StatusCodeShouldBe(200);
            });
            var answers = await Together(Import, Import);
            var results = await Task.WhenAll(answers.Select(a => a.ReadAsJsonAsync<RecordingAnswer>()));
            results.Sum(r => r!.Accepted).ShouldBe(200);
            results.Sum(r => r!.Duplicates).ShouldBe(200);
        }
        var page = await (await Scenario(lead, s => s.Get.Url("/api/sites/paris-11/samples?pageSize=1"))).ReadAsJsonAsync<SamplePageAnswer>();
        page!.Total.ShouldBe(200 * Rounds);
    }

    [Fact]
    public async Task two_imports_of_the_same_ids_with_other_content_leave_one_and_refuse_the_other()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        Func<Task<IScenarioResult>> Import(string csv) => () => Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {lead}");
            s.PostCsv("/api/sites/paris-11/samples/import", csv);
            s.IgnoreStatusCode();
        });
        var answers = await Together(Import(SampleHelpers.WaitingRows(50, withinEvery: 1)), Import(SampleHelpers.WaitingRows(50, withinEvery: 2)));
        answers.Select(a => a.Context.Response.StatusCode).OrderBy(c => c).ShouldBe([200, 409]);
        var page = await (await Scenario(lead, s => s.Get.Url("/api/sites/paris-11/samples?pageSize=1"))).ReadAsJsonAsync<SamplePageAnswer>();
        page!.Total.ShouldBe(50);
    }

    [Fact]
    public async Task two_auditors_on_one_audit_one_wins_and_the_other_gets_a_conflict()
    {
        var id = await StartedAudit();
        var version = await VersionOf(id);
        var second = await TokenFor("auditor");
        Func<Task<IScenarioResult>> Record(string token, string statement) => () => Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {token}");
            s.Post.Json(new { category = "PF", engagement = "ACC-01", statement, expectedVersion = version }).ToUrl($"/api/audits/{id}/findings");
            s.IgnoreStatusCode();
        });
        var answers = await Together(Record(await Auditor(), "Accueil soigné"), Record(second, "Affichage clair"));
        answers.Select(a => a.Context.Response.StatusCode).OrderBy(c => c).ShouldBe([201, 409]);
        var audit = await Audit(id);
        audit.Version.ShouldBe(version + 1);
        audit.Findings.ShouldHaveSingleItem();
    }
}
