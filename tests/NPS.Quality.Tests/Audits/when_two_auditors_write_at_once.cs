using JasperFx;
using NPS.Quality.Audits;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;

namespace NPS.Quality.Tests.Audits;

public sealed class when_two_auditors_write_at_once(AppFixture fixture) : AuditContext(fixture)
{
    [Fact]
    public async Task a_stale_expected_version_is_a_conflict_and_writes_nothing()
    {
        var id = await StartedAudit();
        var result = await AsAuditor($"/api/audits/{id}/findings", new { category = "PF", engagement = "ACC-01", statement = "Accueil soigné", expectedVersion = 1 }, 409);
        (await ProblemAnswer.From(result)).Detail!.ShouldContain("expectedVersion périmée");
        var audit = await Audit(id);
        audit.Version.ShouldBe(2);
        audit.Findings.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_missing_expected_version_is_named()
    {
        var id = await Plan();
        var result = await AsAuditor($"/api/audits/{id}/start", new { }, 400);
        var error = (await ProblemAnswer.From(result)).Errors!.ShouldHaveSingleItem();
        error.Field.ShouldBe("expectedVersion");
        error.Message.ShouldBe("expectedVersion est obligatoire (le champ « version » renvoyé par GET /api/audits/{auditId})");
        (await Audit(id)).State.ShouldBe("planned");
    }

    [Fact]
    public async Task an_interleaving_second_writer_gets_a_conflict()
    {
        var id = await StartedAudit();

        // The first writer has read version 2 and is about to commit; a second writer commits first through HTTP.
        await using var first = Store.LightweightSession();
        var stream = await first.Events.FetchForWriting<Audit>(id, 2, Ct);

        await AsAuditor($"/api/audits/{id}/findings", new { category = "NC_MAJEURE", engagement = "ACC-01", statement = "Aucun affichage", expectedVersion = 2 }, 201);

        stream.AppendOne(new AuditConcluded(id, AuditConclusion.Favorable, "tout va bien", "auditor", DateTimeOffset.UtcNow));
        await Should.ThrowAsync<ConcurrencyException>(() => first.SaveChangesAsync(Ct));

        // And the HTTP writer that still holds version 2 is told so.
        await Conclude2(id);
        var audit = await Audit(id);
        audit.State.ShouldBe("started");
        audit.Version.ShouldBe(3);
        audit.Findings.ShouldHaveSingleItem().Category.ShouldBe("NC_MAJEURE");
    }

    private async Task Conclude2(string id)
        => await AsAuditor($"/api/audits/{id}/conclude", new { conclusion = "favorable", statement = "x", expectedVersion = 2 }, 409);
}
