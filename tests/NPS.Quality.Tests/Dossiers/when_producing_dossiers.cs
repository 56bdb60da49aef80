using System.Net.Http.Headers;
using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NPS.Quality.Compliance;
using NPS.Quality.Dossiers;
using NPS.Quality.Referentials;
using NPS.Quality.Tests.Audits;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;
using Wolverine.Configuration;
using Wolverine.Runtime;
using Wolverine.Tracking;

namespace NPS.Quality.Tests.Dossiers;

public sealed record DossierAnswer(string DossierId, string SiteId, string Kind, string Status, string StatusLabel, DateTimeOffset AsOf, string? Referential,
    string? ReferentialVersion, string? Sha256, int? Pages, long? Bytes, string? DataHash, string FileName, string? FailureReason, int? Attempts,
    string Reference = "", int Revision = 0);

public sealed record VerificationAnswer(bool Genuine, string Sha256, string Message, string? DossierId);

/// <summary>Through the API: request (202), the durable queue renders, status, download, verify, access and validation.</summary>
public sealed class when_producing_dossiers(AppFixture fixture) : AuditContext(fixture)
{
    private const string Recorder = "Camille Rousseau";

    private async Task<string> NamedLead()
    {
        var created = await AsAdmin(s =>
        {
            s.Post.Json(new { name = Recorder, role = "quality_lead", siteId = "paris-11" }).ToUrl("/api/users");
            s.StatusCodeShouldBe(201);
        });
        return System.Text.Json.JsonDocument.Parse(created.ReadAsText()).RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>35 waiting-time samples in October 2017 (one voided, some commented), recorded by a named quality lead.</summary>
    private async Task RecordSamples(string lead, int count = 35)
    {
        var batch = Enumerable.Range(0, count).Select(i => new
        {
            sampleId = $"P11-2017-10-{i:0000}",
            indicator = "ACC-01-ATTENTE",
            start = $"2017-10-{2 + i % 20:00}T09:00:00+02:00",
            end = $"2017-10-{2 + i % 20:00}T09:{(i % 5 == 0 ? 35 : 5 + i % 15):00}:00+02:00",
            method = "file_attente",
            comment = i % 10 == 0 ? "Affluence du lundi matin" : null,
        }).ToArray();
        await Scenario(lead, s => { s.Post.Json(batch).ToUrl("/api/sites/paris-11/samples/batch"); s.StatusCodeShouldBe(200); });
        await Scenario(lead, s => { s.Post.Json(new { reason = "saisie en double" }).ToUrl("/api/sites/paris-11/samples/P11-2017-10-0003/void"); s.StatusCodeShouldBe(200); });
    }

    private async Task<(string AuditId, string Statement)> AuditWithFindings()
    {
        var audit = await StartedAudit("paris-11", "afnor");
        var nc = await Record(audit, "NC_MINEURE", "ACC-01", "Temps d'attente non affiché à l'accueil");
        await AddAction(audit, nc, "2018-03-31");
        await Record(audit, "PF", "ACC-02", "Horaires affichés à l'entrée et en ligne");
        return (audit, "Temps d'attente non affiché à l'accueil");
    }

    private async Task<IScenarioResult> Request(string token, object body, int status, string site = "paris-11")
        => await Scenario(token, s => { s.Post.Json(body).ToUrl($"/api/sites/{site}/dossiers"); s.StatusCodeShouldBe(status); });

    private async Task<DossierAnswer> Status(string location, string? token = null)
        => (await (await Scenario(token ?? AppFixture.AdminToken, s => s.Get.Url(location))).ReadAsJsonAsync<DossierAnswer>())!;

    /// <summary>Polls the status until the durable queue has rendered (or failed) the dossier.</summary>
    private async Task<DossierAnswer> Settled(string location)
    {
        for (var i = 0; i < 300; i++)
        {
            var answer = await Status(location);
            if (answer.Status != "pending") return answer;
            await Task.Delay(100, Ct);
        }
        throw new TimeoutException($"{location} still pending after 30 s");
    }

    private async Task<(string Location, DossierAnswer Dossier)> Produce(object body)
    {
        var result = await Request(await Auditor(), body, 202);
        var location = result.Context.Response.Headers.Location.ToString();
        location.ShouldStartWith("/api/dossiers/dossier-");
        return (location, await Settled(location));
    }

    /// <summary>With NPS_DOSSIERS_DIR set, the downloaded PDFs are also written there, to look at them (pdftoppm).</summary>
    private static void Keep(string name, byte[] bytes)
    {
        if (Environment.GetEnvironmentVariable("NPS_DOSSIERS_DIR") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            File.WriteAllBytes(Path.Combine(dir, name), bytes);
        }
    }

    private async Task<byte[]> Download(string location, string? token = null)
    {
        var result = await Scenario(token ?? AppFixture.AdminToken, s => { s.Get.Url(location + "/pdf"); s.StatusCodeShouldBe(200); });
        result.Context.Response.ContentType.ShouldBe("application/pdf");
        var body = result.Context.Response.Body;
        if (body.CanSeek) body.Position = 0;
        using var copy = new MemoryStream();
        await body.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    [Fact]
    public async Task an_afnor_dossier_is_rendered_by_the_queue_and_shows_everything_but_personal_data()
    {
        await RecordSamples(await NamedLead());
        var (audit, statement) = await AuditWithFindings();
        var (location, dossier) = await Produce(new { kind = "afnor", from = "2017-10-01", to = "2017-10-31", auditId = audit });

        dossier.Status.ShouldBe("ready", dossier.FailureReason);
        dossier.Sha256!.Length.ShouldBe(64);
        dossier.Referential.ShouldBe("qualiparis-services-sociaux");
        dossier.ReferentialVersion.ShouldBe("2017.1");
        dossier.FileName.ShouldBe($"dossier-afnor-paris-11-{ParisTime.DateOf(dossier.AsOf):yyyy-MM-dd}.pdf");

        var result = await Scenario(await TokenFor("site_manager", "paris-11"), s => { s.Get.Url(location + "/pdf"); s.StatusCodeShouldBe(200); });
        result.Context.Response.ContentType.ShouldBe("application/pdf");
        ContentDispositionHeaderValue.Parse(result.Context.Response.Headers.ContentDisposition.ToString()).FileName.ShouldBe(dossier.FileName);
        var bytes = await Download(location);
        bytes.Length.ShouldBe((int)dossier.Bytes!);
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)).ShouldBe(dossier.Sha256);

        Keep("api-afnor.pdf", bytes);
        var pdf = new DossierReading(bytes);
        pdf.Pages.ShouldBe(dossier.Pages!.Value);
        var referential = (await Host.Services.GetRequiredService<ReferentialCatalog>()
            .FindAsync(Store.QuerySession(), "qualiparis-services-sociaux", "2017.1", Ct))!;
        foreach (var e in referential.Engagements) pdf.HasWord(e.Code).ShouldBeTrue(e.Code);
        foreach (var i in referential.Indicators) pdf.Bookmarks.ShouldContain(b => b.StartsWith(i.Code));
        pdf.Text.ShouldContain(statement);
        pdf.Text.ShouldContain("Horaires affichés à l'entrée et en ligne");
        pdf.Text.ShouldContain("Jugé par audit");
        pdf.Text.ShouldContain("Fiche d'écart FE-01");
        pdf.Text.ShouldContain(dossier.DataHash!);
        for (var p = 2; p <= pdf.Pages; p++) pdf.HasFooter(p).ShouldBeTrue($"footer of page {p}");
        dossier.Reference.ShouldBe("QP-PARIS-11-AFNOR-2017-10-R1");
        for (var p = 2; p <= pdf.Pages; p++) string.Join(' ', pdf.WordsByPage[p - 1]).ShouldContain("Réf. QP-PARIS-11-AFNOR-2017-10-R1", customMessage: $"page {p}");
        PlainLanguage.FoundIn(pdf.Text).ShouldBeEmpty();

        // Issued again for the same site, kind and period: the next revision; another period starts at 1.
        var (_, again) = await Produce(new { kind = "afnor", from = "2017-10-01", to = "2017-10-31", auditId = audit });
        (again.Revision, again.Reference).ShouldBe((2, "QP-PARIS-11-AFNOR-2017-10-R2"));
        new DossierReading(await Download($"/api/dossiers/{again.DossierId}")).Text.ShouldContain("QP-PARIS-11-AFNOR-2017-10-R2");
        pdf.HasWord("Rousseau").ShouldBeFalse();
        pdf.HasWord("Camille").ShouldBeFalse();
        pdf.Text.ShouldNotContain("Affluence du lundi matin");
    }

    [Fact]
    public async Task the_request_hands_the_rendering_to_the_durable_dossiers_queue()
    {
        var auditor = await Auditor();
        IScenarioResult result = null!;
        var tracked = await Host.ExecuteAndWaitAsync(async () =>
        {
            result = await Scenario(auditor, s =>
            {
                s.Post.Json(new { kind = "afnor", from = "2017-10-01", to = "2017-10-31" }).ToUrl("/api/sites/paris-11/dossiers");
                s.StatusCodeShouldBe(202);
            });
        }, 30_000);

        var envelope = tracked.Sent.Envelopes().Single(e => e.Message is RenderDossier);
        envelope.Destination!.ToString().ShouldStartWith("local://dossiers");
        var runtime = Host.Services.GetRequiredService<IWolverineRuntime>();
        runtime.Endpoints.EndpointFor(envelope.Destination!)!.Mode.ShouldBe(EndpointMode.Durable);
        tracked.MessageSucceeded.SingleMessage<RenderDossier>().DossierId.ShouldBe(((RenderDossier)envelope.Message!).DossierId);

        // Once the tracked activity is over, the dossier is ready: no polling.
        (await Status(result.Context.Response.Headers.Location.ToString())).Status.ShouldBe("ready");
    }

    [Fact]
    public async Task an_internal_dossier_lists_the_samples_their_recorder_voids_and_comments()
    {
        await RecordSamples(await NamedLead());
        var (_, dossier) = await Produce(new { kind = "internal", from = "2017-10-01", to = "2017-10-31" });
        dossier.Status.ShouldBe("ready", dossier.FailureReason);
        var bytes = await Download($"/api/dossiers/{dossier.DossierId}");
        Keep("api-internal.pdf", bytes);
        var pdf = new DossierReading(bytes);
        pdf.HasWord("Rousseau").ShouldBeTrue();
        pdf.Text.ShouldContain("Affluence du lundi matin");
        pdf.Text.ShouldContain("saisie en double");
        for (var i = 0; i < 35; i++) pdf.HasWord($"P11-2017-10-{i:0000}").ShouldBeTrue();
    }

    [Fact]
    public async Task the_dossier_figures_are_the_compliance_answer_and_rendering_again_gives_the_same_bytes()
    {
        var lead = await NamedLead();
        await RecordSamples(lead);
        var (_, dossier) = await Produce(new { kind = "afnor", from = "2017-10-01", to = "2017-10-31" });

        // Later samples and voids change nothing in a dossier frozen at its asOf.
        await Scenario(lead, s => { s.Post.Json(SampleHelpersWaiting("LATE-1", 50)).ToUrl("/api/sites/paris-11/samples"); s.StatusCodeShouldBe(201); });
        await Scenario(lead, s => { s.Post.Json(new { reason = "erreur" }).ToUrl("/api/sites/paris-11/samples/P11-2017-10-0004/void"); s.StatusCodeShouldBe(200); });

        await using var session = Store.QuerySession();
        var stored = (await session.LoadAsync<Dossier>(dossier.DossierId, Ct))!;
        var again = await RenderDossierHandler.RenderAsync(session, Host.Services.GetRequiredService<ReferentialCatalog>(),
            Host.Services.GetRequiredService<DossierTemplates>(), stored, Ct);
        again.Result.Sha256.ShouldBe(dossier.Sha256);
        again.DataHash.ShouldBe(dossier.DataHash);

        var (snapshot, site) = await DossierSnapshot.LoadAsync(session, Host.Services.GetRequiredService<ReferentialCatalog>(), stored, Ct);
        var asOf = Uri.EscapeDataString(stored.AsOf.ToString("O"));
        var answer = await AsAdmin(s => s.Get.Url($"/api/sites/paris-11/compliance?from=2017-10-01&to=2017-10-31&asOf={asOf}"));
        var api = System.Text.Json.JsonSerializer.Deserialize<SiteCompliance>(answer.ReadAsText(), NPS.Quality.Infrastructure.JsonDefaults.Options)!;
        var ours = snapshot.Compliance(site);
        ours.Engagements.SelectMany(e => e.Indicators).ShouldBe(api.Engagements.SelectMany(e => e.Indicators));
        ours.Verdict.ShouldBe(api.Verdict);
        ours.Engagements.SelectMany(e => e.Indicators).Single(i => i.Code == "ACC-01-ATTENTE").N.ShouldBe(34);
    }

    private static object SampleHelpersWaiting(string id, int minutes) => NPS.Quality.Tests.Samples.SampleHelpers.Waiting(id, minutes);

    [Fact]
    public async Task verify_names_the_dossier_of_a_genuine_file_and_rejects_a_modified_one()
    {
        await RecordSamples(await NamedLead());
        var (location, dossier) = await Produce(new { kind = "afnor", from = "2017-10-01", to = "2017-10-31" });
        var bytes = await Download(location);
        var anyone = await TokenFor("quality_lead", "paris-14");

        async Task<VerificationAnswer> Verify(byte[] body) => (await (await Scenario(anyone, s =>
        {
            s.Post.Url("/api/dossiers/verify");
            s.ConfigureHttpContext(c => { c.Request.ContentType = "application/pdf"; c.Request.ContentLength = body.Length; c.Request.Body = new MemoryStream(body); });
            s.StatusCodeShouldBe(200);
        })).ReadAsJsonAsync<VerificationAnswer>())!;

        var genuine = await Verify(bytes);
        genuine.Genuine.ShouldBeTrue();
        genuine.DossierId.ShouldBe(dossier.DossierId);

        var modified = (byte[])bytes.Clone();
        modified[modified.Length / 2] ^= 0x20;
        var forged = await Verify(modified);
        forged.Genuine.ShouldBeFalse();
        forged.DossierId.ShouldBeNull();
        forged.Message.ShouldContain("aucun dossier");
    }

    [Fact]
    public async Task a_dossier_whose_rendering_keeps_failing_is_retried_then_marked_failed_with_its_reason()
    {
        // The site's referential version disappears from the store: every attempt fails the same way.
        await using (var session = Store.LightweightSession())
        {
            session.Delete<PublishedReferential>(PublishedReferential.StreamKey("qualiparis-services-sociaux", "2017.1"));
            await session.SaveChangesAsync(Ct);
        }
        Host.Services.GetRequiredService<ReferentialCatalog>().Clear();

        var (location, dossier) = await Produce(new { kind = "internal", from = "2017-10-01", to = "2017-10-31" });
        dossier.Status.ShouldBe("failed");
        dossier.Attempts.ShouldBe(RenderDossierHandler.MaxAttempts);
        dossier.FailureReason.ShouldBe("Référentiel non publié : qualiparis-services-sociaux 2017.1.");
        dossier.Sha256.ShouldBeNull();

        var pdf = await Scenario(AppFixture.AdminToken, s => { s.Get.Url(location + "/pdf"); s.StatusCodeShouldBe(409); });
        (await ProblemAnswer.From(pdf)).Detail!.ShouldContain("Référentiel non publié");
    }

    [Fact]
    public async Task the_request_answers_202_with_its_location_and_the_site_lists_it()
    {
        var result = await Request(await Auditor(), new { kind = "internal", from = "2017-10-01", to = "2017-10-31" }, 202);
        var location = result.Context.Response.Headers.Location.ToString();
        var accepted = System.Text.Json.JsonDocument.Parse(result.ReadAsText()).RootElement;
        accepted.GetProperty("status").GetString().ShouldBe("pending");
        location.ShouldBe($"/api/dossiers/{accepted.GetProperty("dossierId").GetString()}");
        await Settled(location);

        var list = await (await Scenario(await TokenFor("site_manager", "paris-11"), s => s.Get.Url("/api/sites/paris-11/dossiers")))
            .ReadAsJsonAsync<List<DossierAnswer>>();
        list!.Single().DossierId.ShouldBe(accepted.GetProperty("dossierId").GetString());
        var history = (await AsAdmin(s => s.Get.Url("/api/sites/paris-11/history"))).ReadAsText();
        history.ShouldContain("Dossier interne demandé pour la période du 2017-10-01 au 2017-10-31");
    }

    [Fact]
    public async Task an_invalid_request_is_400_in_french_and_writes_nothing()
    {
        var auditor = await Auditor();
        var otherAudit = await StartedAudit("paris-14");
        var future = Clock.GetUtcNow().AddDays(1).ToString("O");
        var problem = await ProblemAnswer.From(await Request(auditor, new { kind = "papier", from = "2017-10-31", to = "2017-10-01" }, 400));
        problem.Title.ShouldBe("Requête invalide");
        problem.Errors!.ShouldContain(e => e.Field == "kind" && e.Message.Contains("internal, afnor ou affiche"));
        problem.Errors!.ShouldContain(e => e.Field == "to" && e.Message.Contains("précède"));

        (await ProblemAnswer.From(await Request(auditor, new { kind = "afnor", from = "2017-01-01", to = "2018-12-31" }, 400)))
            .Errors!.ShouldContain(e => e.Field == "to" && e.Message.Contains("366 jours"));
        (await ProblemAnswer.From(await Request(auditor, new { kind = "afnor", from = "2017-10-01", to = "2017-10-31", asOf = future }, 400)))
            .Errors!.ShouldContain(e => e.Field == "asOf" && e.Message.Contains("futur"));
        (await ProblemAnswer.From(await Request(auditor, new { kind = "afnor", from = "2017-10-01", to = "2017-10-31", auditId = otherAudit }, 400)))
            .Errors!.ShouldContain(e => e.Field == "auditId");
        (await ProblemAnswer.From(await Request(auditor, new { kind = "afnor" }, 400)))
            .Errors!.Select(e => e.Field).ShouldBe(["from", "to"], ignoreOrder: true);

        var list = await (await AsAdmin(s => s.Get.Url("/api/sites/paris-11/dossiers"))).ReadAsJsonAsync<List<DossierAnswer>>();
        list!.ShouldBeEmpty();
    }

    [Fact]
    public async Task unknown_sites_and_dossiers_are_404_and_other_readers_are_403()
    {
        await Request(await Auditor(), new { kind = "afnor", from = "2017-10-01", to = "2017-10-31" }, 404, site: "paris-99");
        (await ProblemAnswer.From(await AsAdmin(s => { s.Get.Url("/api/dossiers/dossier-inconnu"); s.StatusCodeShouldBe(404); }))).Title.ShouldBe("Introuvable");
        await AsAdmin(s => { s.Get.Url("/api/dossiers/dossier-inconnu/pdf"); s.StatusCodeShouldBe(404); });
        await AsAdmin(s => { s.Get.Url("/api/sites/paris-99/dossiers"); s.StatusCodeShouldBe(404); });

        var result = await Request(await Auditor(), new { kind = "afnor", from = "2017-10-01", to = "2017-10-31" }, 202);
        var location = result.Context.Response.Headers.Location.ToString();
        foreach (var token in new[] { await TokenFor("quality_lead", "paris-11"), await TokenFor("site_manager", "paris-14") })
        {
            var refused = await ProblemAnswer.From(await Scenario(token, s => { s.Get.Url(location); s.StatusCodeShouldBe(403); }));
            refused.Title.ShouldBe("Accès refusé");
            await Scenario(token, s => { s.Get.Url(location + "/pdf"); s.StatusCodeShouldBe(403); });
        }
        await Scenario(await TokenFor("site_manager", "paris-11"), s => { s.Get.Url(location); s.StatusCodeShouldBe(200); });
        await Settled(location);
    }
}
